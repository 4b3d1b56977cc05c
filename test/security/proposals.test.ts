import { createAdapters } from '@ocop-monitor/adapters';
import { queryRows } from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashboardClient } from '../dashboard-client.ts';
import { type ServedStore, servedStore } from './dashboard-on-store.ts';
import { seedListing } from './notify-seed.ts';

let served: ServedStore;
beforeAll(async () => {
  served = await servedStore({ adapters: createAdapters({}) });
});
afterAll(() => served.close());

/** A proposal row as a tampered store (or a hostile search result) might hold it. */
async function propose(url: string, itemId: string): Promise<number> {
  const { listingId } = await seedListing(served.store.db, { channels: [] });
  const [row] = await queryRows<{ id: number }>(
    served.store.db,
    sql`insert into listing_proposals (product_id, marketplace, item_id, url, title, shop_name, score, reasons, proposed_at)
        select product_id, 'voso', ${itemId}, ${url}, 'Mật ong', 'HTX', 0.95, '{}'::jsonb, now() from listings where id = ${listingId}
        returning id`,
  );
  return row?.id ?? 0;
}

describe('listing URLs are accepted only when an adapter recognises them', () => {
  it('a proposal whose URL is a javascript: link or another site is refused (409) and never becomes a listing', async () => {
    const reviewer = new DashboardClient(served.base);
    await reviewer.login('reviewer');
    for (const [url, itemId] of [
      ['javascript:alert(1)//voso.vn/x-p101533.html', '101533'],
      ['https://evil.example/mat-ong-p101534.html', '101534'],
      ['https://voso.vn/mat-ong-p999.html', '101535'], // a voso page, but not the item the proposal names
    ] as const) {
      const id = await propose(url, itemId);
      const answer = await reviewer.call('POST', `/api/proposals/${id}/accept`, undefined, {});
      expect([url, answer.status]).toEqual([url, 409]);
      expect(answer.body).toContain('không phải trang sản phẩm của sàn mà hệ thống đọc được');
    }
    const stored = await queryRows<{ n: number }>(
      served.store.db,
      sql`select count(*)::int as n from listings where item_id in ('101533', '101534', '101535', '999')`,
    );
    expect(stored).toEqual([{ n: 0 }]);
    // A real product page of the item it names is linked, under its canonical address.
    const good = await propose('https://www.voso.vn/mat-ong-p101536.html?utm=x', '101536');
    expect((await reviewer.call('POST', `/api/proposals/${good}/accept`, undefined, {})).status).toBe(200);
    const [linked] = await queryRows<{ url: string }>(
      served.store.db,
      sql`select url from listings where item_id = '101536'`,
    );
    expect(linked?.url).toBe('https://voso.vn/mat-ong-p101536.html');
  });
});
