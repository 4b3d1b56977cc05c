import { type Database, queryRows } from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';

export interface Seeded {
  producerId: number;
  listingId: number;
}

/** A producer (with its consent and contacts), one product and one listing on `marketplace`. */
export async function seedListing(
  db: Database,
  producer: { channels: string[]; phone?: string; zaloPhone?: string; email?: string },
  marketplace = 'voso',
): Promise<Seeded> {
  const key = `htx-${Math.random().toString(36).slice(2)}`;
  const [{ id: producerId } = { id: 0 }] = await queryRows<{ id: number }>(
    db,
    sql`insert into producers (key, name, type, phone, zalo_phone, email, channels)
        values (${key}, 'HTX Nước mắm Cửa Việt', 'cooperative', ${producer.phone ?? null}, ${producer.zaloPhone ?? null},
                ${producer.email ?? null}, ${`{${producer.channels.join(',')}}`}::text[]) returning id`,
  );
  const [{ id: productId } = { id: 0 }] = await queryRows<{ id: number }>(
    db,
    sql`insert into products (name, search_key, product_group, classification_version, stars, producer_id,
                              certified_date, expiry_date, province_code, code_table_version, source)
        values ('Nước mắm Cửa Việt', 'nuoc mam cua viet', 'Thực phẩm', 'QĐ 148/2023', 4, ${producerId},
                '2025-01-01', '2028-01-01', '45', '2025', 'test') returning id`,
  );
  const itemId = String(Math.floor(Math.random() * 1e9));
  const [{ id: listingId } = { id: 0 }] = await queryRows<{ id: number }>(
    db,
    sql`insert into listings (product_id, marketplace, item_id, url, linked_how, linked_at, state, state_since)
        values (${productId}, ${marketplace}, ${itemId}, ${`https://voso.vn/nuoc-mam-p${itemId}.html`}, 'imported',
                '2026-01-01T00:00:00Z', 'active', '2026-01-01T00:00:00Z') returning id`,
  );
  return { producerId, listingId };
}

/** An alert about the listing, opened at `openedAt`, in `state`. */
export async function seedAlert(
  db: Database,
  listingId: number,
  alert: { type: string; state: string; openedAt: Date; marketplace?: string },
): Promise<number> {
  const [{ id } = { id: 0 }] = await queryRows<{ id: number }>(
    db,
    sql`insert into alerts (type, subject, listing_id, marketplace, severity, state, opened_at, updated_at, evidence)
        values (${alert.type}, ${`listing:${listingId}`}, ${listingId}, ${alert.marketplace ?? 'voso'}, 'warn', ${alert.state},
                ${alert.openedAt.toISOString()}::timestamptz, ${alert.openedAt.toISOString()}::timestamptz,
                ${JSON.stringify({ url: 'https://voso.vn/nuoc-mam-p1.html', soldNow: 3, windowDays: 30 })}::jsonb)
        returning id`,
  );
  return id;
}
