import { queryRows } from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { DashboardClient } from '../dashboard-client.ts';
import { type ServedStore, servedStore } from './dashboard-on-store.ts';

let served: ServedStore | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

// What a seller put on the page the check read: a phone, an e-mail and a contact's name.
const PAGE_TEXT =
  'Sản phẩm không tồn tại · Chủ shop: Nguyễn Văn Lan, SĐT0912.345.678, lan.ocop92(at)gmail.com — giá 125.000 ₫';

describe('marketplace page text shown to viewers', () => {
  it('has phones, e-mails and contact names masked on the alert page and in the API; prices stay', async () => {
    served = await servedStore();
    const evidence = {
      removal: { httpStatus: 404, finalUrl: 'https://voso.vn/p/1', matchedRule: 'voso.http.404', excerpt: PAGE_TEXT },
      lastObservation: { evidence: { excerpt: PAGE_TEXT, detail: 'Liên hệ: Trần Thị Hoa 0987 654 321' } },
    };
    const [alert] = await queryRows<{ id: number }>(
      served.store.db,
      sql`insert into alerts (type, subject, marketplace, severity, state, opened_at, updated_at, evidence)
            values ('listing_possibly_removed', 'listing:1', 'voso', 'warn', 'open', now(), now(), ${JSON.stringify(evidence)}::jsonb) returning id`,
    );
    const viewer = new DashboardClient(served.base);
    await viewer.login('viewer');
    for (const path of [`/alerts/${alert?.id}`, `/api/alerts/${alert?.id}`, '/api/alerts']) {
      const answer = await viewer.call('GET', path);
      expect([path, answer.status]).toEqual([path, 200]);
      for (const personal of ['0912', '345.678', 'ocop92', 'gmail', 'Văn Lan', '0987', 'Thị Hoa'])
        expect([path, answer.body.includes(personal)]).toEqual([path, false]);
      expect(answer.body).toContain('125.000 ₫');
      expect(answer.body).toContain('SĐT đã ẩn');
    }
  });
});
