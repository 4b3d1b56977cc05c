import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';
import { INVITE_VALID_DAYS } from './consents.ts';

/** How a consent stands, as staff and the producer read it: `expired` is an invitation nobody answered in time. */
export type ConsentStanding = 'invited' | 'active' | 'ended' | 'expired';

/** One consent as the pages show it — never its tokens nor the hashes of its links. */
export interface ConsentView {
  id: number;
  marketplace: string;
  shopId: string;
  standing: ConsentStanding;
  /** withdrawn, revoked, refresh_failed — for an ended consent. */
  endedWhy: string | null;
  /** Since when it stands so (ISO): invited at, authorised at, ended at. */
  since: string;
  invitedAt: string;
  invitedBy: string | null;
  endedBy: string | null;
  producerName: string | null;
  /** The producer invited (an invitation for a shop not known yet is theirs alone). */
  producerId: number | null;
}

interface ConsentRow {
  id: number;
  marketplace: string;
  shop_id: string;
  state: string;
  ended_why: string | null;
  created_at: string;
  authorised_at: string | null;
  ended_at: string | null;
  invited_by: string | null;
  ended_by: string | null;
  producer_name: string | null;
  producer_id: number | null;
  expired: boolean;
}

const COLUMNS = sql`c.id, c.marketplace, c.shop_id, c.state, c.ended_why, c.created_at::text, c.authorised_at::text,
  c.ended_at::text, c.invited_by, c.ended_by, p.name as producer_name, c.producer_id,
  (c.state = 'invited' and c.created_at <= now() - make_interval(days => ${INVITE_VALID_DAYS})) as expired`;

// PostgreSQL's text of a timestamp ("2026-12-05 02:00:00+00") as ISO.
const iso = (text: string) => new Date(text.replace(' ', 'T').replace(/([+-]\d\d)$/u, '$1:00')).toISOString();

function view(row: ConsentRow): ConsentView {
  const standing: ConsentStanding = row.expired
    ? 'expired'
    : row.state === 'active'
      ? 'active'
      : row.state === 'ended'
        ? 'ended'
        : 'invited';
  const since =
    standing === 'active'
      ? (row.authorised_at ?? row.created_at)
      : standing === 'ended'
        ? (row.ended_at ?? row.created_at)
        : row.created_at;
  return {
    id: Number(row.id),
    marketplace: row.marketplace,
    shopId: row.shop_id,
    standing,
    endedWhy: row.ended_why,
    since: iso(since),
    invitedAt: iso(row.created_at),
    invitedBy: row.invited_by,
    endedBy: row.ended_by,
    producerName: row.producer_name,
    producerId: row.producer_id === null ? null : Number(row.producer_id),
  };
}

/** The consent a producer's link opens, or null for a link this store never issued. */
export async function consentForInvite(db: Database, inviteToken: string): Promise<ConsentView | null> {
  if (!/^[\w-]{20,100}$/u.test(inviteToken)) return null;
  const hash = createHash('sha256').update(inviteToken).digest('hex');
  const [row] = await queryRows<ConsentRow>(
    db,
    sql`select ${COLUMNS} from seller_consents c left join producers p on p.id = c.producer_id
        where c.invite_hash = ${hash}`,
  );
  return row ? view(row) : null;
}

/** Every consent asked of these shops (newest first): the product page's history of its listings' shops. */
export async function consentsOfShops(
  db: Database,
  shops: ReadonlyArray<{ marketplace: string; shopId: string }>,
): Promise<ConsentView[]> {
  if (shops.length === 0) return [];
  const pairs = sql.join(
    shops.map((shop) => sql`(${shop.marketplace}, ${shop.shopId})`),
    sql`, `,
  );
  const rows = await queryRows<ConsentRow>(
    db,
    sql`select ${COLUMNS} from seller_consents c left join producers p on p.id = c.producer_id
        where (c.marketplace, c.shop_id) in (${pairs}) order by c.id desc limit 50`,
  );
  return rows.map(view);
}

/** One consent by its id (staff revoke it from the product page). */
export async function consentById(db: Database, id: number): Promise<ConsentView | null> {
  const [row] = await queryRows<ConsentRow>(
    db,
    sql`select ${COLUMNS} from seller_consents c left join producers p on p.id = c.producer_id where c.id = ${id}`,
  );
  return row ? view(row) : null;
}

/** A consent that ended since a moment, with the products whose listings are read from their pages again. */
export interface EndedConsent extends ConsentView {
  products: Array<{ id: number; name: string }>;
}

/**
 * Consents that had been given and ended since `since`, not replaced by a newer active consent of
 * the same shop (a declined invitation read nothing, so nothing changed): their listings went back to being read from their pages, which staff are told on Today and in the digest.
 */
export async function endedConsentsSince(db: Database, since: Date): Promise<EndedConsent[]> {
  const rows = await queryRows<ConsentRow & { products: Array<{ id: number; name: string }> | null }>(
    db,
    sql`select ${COLUMNS},
          (select json_agg(distinct jsonb_build_object('id', pr.id, 'name', pr.name))
             from listings l join products pr on pr.id = l.product_id
            where l.marketplace = c.marketplace
              and (l.shop_id = c.shop_id or l.url ~ ('-i\\.' || c.shop_id || '\\.\\d+$') or l.url ~ ('/product/' || c.shop_id || '/\\d+$'))) as products
        from seller_consents c left join producers p on p.id = c.producer_id
        where c.state = 'ended' and c.authorised_at is not null and c.ended_at >= ${since.toISOString()}::timestamptz
          and not exists (select 1 from seller_consents newer where newer.marketplace = c.marketplace
                          and newer.shop_id = c.shop_id and newer.state = 'active')
        order by c.ended_at desc limit 100`,
  );
  return rows.map((row) => ({ ...view(row), products: (row.products ?? []).map((p) => ({ ...p, id: Number(p.id) })) }));
}

/** The messages that carried a consent's link: their outbox rows, keyed `seller-consent:<id>:…`. */
export interface ConsentMessage {
  id: number;
  consentId: number;
  channel: string;
  recipient: string;
  state: string;
  createdAt: string;
  sentAt: string | null;
}

export async function consentMessages(db: Database, consentIds: readonly number[]): Promise<ConsentMessage[]> {
  if (consentIds.length === 0) return [];
  const rows = await queryRows<{
    id: number;
    key: string;
    channel: string;
    recipient: string;
    state: string;
    created_at: string;
    sent_at: string | null;
  }>(
    db,
    sql`select id, key, channel, recipient, state, created_at::text, sent_at::text from notifications
        where kind = 'seller_consent' and split_part(key, ':', 2) in (${sql.join(
          consentIds.map((id) => sql`${String(id)}`),
          sql`, `,
        )}) order by id`,
  );
  return rows.map((row) => ({
    id: Number(row.id),
    consentId: Number(row.key.split(':')[1]),
    channel: row.channel,
    recipient: row.recipient,
    state: row.state,
    createdAt: iso(row.created_at),
    sentAt: row.sent_at ? iso(row.sent_at) : null,
  }));
}

/** What staff need to invite a product's producer: the producer's contacts and consents, and each listing's shop. */
export interface ConsentTarget {
  productId: number;
  productName: string;
  producer: {
    id: number;
    name: string;
    phone: string | null;
    zaloPhone: string | null;
    email: string | null;
    /** The channels the producer agreed to be contacted on (registry): `zalo`, `sms`, `email`. */
    channels: string[];
  };
  listings: Array<{ id: number; marketplace: string; url: string; shopId: string | null }>;
}

export async function consentTarget(db: Database, productId: number): Promise<ConsentTarget | null> {
  const [row] = await queryRows<{
    product_name: string;
    producer_id: number;
    producer_name: string;
    phone: string | null;
    zalo_phone: string | null;
    email: string | null;
    channels: string[] | null;
  }>(
    db,
    sql`select p.name as product_name, pr.id as producer_id, pr.name as producer_name, pr.phone, pr.zalo_phone,
               pr.email, pr.channels
        from products p join producers pr on pr.id = p.producer_id where p.id = ${productId}`,
  );
  if (!row) return null;
  const listings = await queryRows<{ id: number; marketplace: string; url: string; shop_id: string | null }>(
    db,
    sql`select id, marketplace, url, shop_id from listings where product_id = ${productId} order by marketplace, id`,
  );
  return {
    productId,
    productName: row.product_name,
    producer: {
      id: Number(row.producer_id),
      name: row.producer_name,
      phone: row.phone,
      zaloPhone: row.zalo_phone,
      email: row.email,
      channels: row.channels ?? [],
    },
    listings: listings.map((l) => ({ id: Number(l.id), marketplace: l.marketplace, url: l.url, shopId: l.shop_id })),
  };
}
