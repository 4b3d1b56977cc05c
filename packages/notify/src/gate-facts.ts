import { type Database, queryRows } from '@ocop-monitor/monitor';
import { type SQL, sql } from 'drizzle-orm';
import type { Gate } from './config.ts';
import { type GateDecision, producerGate } from './gate.ts';

/** What the producer gate reads of one alert about a listing, as the store holds it now. */
export interface GateRow {
  id: number;
  type: string;
  state: string;
  opened_at: string;
  listing_id: number;
  marketplace: string | null;
  evidence: Record<string, unknown>;
  listing_state: string;
  url: string;
  product_name: string;
  producer_id: number;
  producer_name: string;
  phone: string | null;
  zalo_phone: string | null;
  email: string | null;
  channels: string[];
  current: boolean;
}

export interface GateFacts {
  alerts: GateRow[];
  /** Marketplaces with a live marketplace_degraded or marketplace_mass_delisting alert. */
  muted: ReadonlySet<string>;
  /** Live alert types per listing. */
  liveTypes: ReadonlyMap<number, ReadonlySet<string>>;
}

/**
 * The gate's facts for the alerts `where` selects (alias `a`): read when messages are planned, and
 * again when each is claimed for sending — a reviewer's snooze, a withdrawn consent, a new phone
 * number or a marketplace gone quiet since planning must stop a message still waiting.
 */
export async function readGateFacts(db: Database, where: SQL): Promise<GateFacts> {
  const alerts = await queryRows<GateRow>(
    db,
    sql`select a.id, a.type, a.state, a.opened_at::text, a.listing_id, a.marketplace, a.evidence,
               l.state as listing_state, l.url, p.name as product_name, pr.id as producer_id,
               pr.name as producer_name, pr.phone, pr.zalo_phone, pr.email, pr.channels,
               a.updated_at >= coalesce((select max(run_at) from runs where finalized_at is not null), a.updated_at) as current
        from alerts a join listings l on l.id = a.listing_id
        join products p on p.id = l.product_id join producers pr on pr.id = p.producer_id
        where ${where}`,
  );
  const muted = new Set(
    (
      await queryRows<{ marketplace: string }>(
        db,
        sql`select marketplace from alerts where resolved_at is null and marketplace is not null
            and type in ('marketplace_degraded', 'marketplace_mass_delisting')`,
      )
    ).map((r) => r.marketplace),
  );
  const listingIds = [...new Set(alerts.map((alert) => alert.listing_id))];
  const liveTypes = new Map<number, Set<string>>();
  if (listingIds.length) {
    const live = await queryRows<{ listing_id: number; type: string }>(
      db,
      sql`select listing_id, type from alerts where resolved_at is null and listing_id in (${sql.join(
        listingIds.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    );
    for (const { listing_id, type } of live)
      liveTypes.set(listing_id, (liveTypes.get(listing_id) ?? new Set()).add(type));
  }
  return { alerts, muted, liveTypes };
}

/** The producer gate for one alert, with the facts read. */
export function gateDecision(
  alert: GateRow,
  facts: GateFacts,
  gates: Readonly<Record<string, Gate>>,
  now: Date,
): GateDecision {
  return producerGate(
    { ...alert, openedAt: new Date(alert.opened_at) },
    {
      listingState: alert.listing_state,
      liveTypesOnListing: new Set([...(facts.liveTypes.get(alert.listing_id) ?? [])].filter((t) => t !== alert.type)),
      mutedMarketplaces: facts.muted,
      current: alert.current,
    },
    gates,
    now,
  );
}

/** A channel a producer can be reached on now: consent (from the registry) and an address. */
export function producerAddress(row: GateRow, channel: string): string | null {
  const consent = new Set(row.channels);
  if (channel === 'zns') return consent.has('zalo') ? (row.zalo_phone ?? row.phone) : null;
  if (channel === 'sms') return consent.has('sms') ? row.phone : null;
  if (channel === 'email') return consent.has('email') ? row.email : null;
  return null;
}

/**
 * The producer hid the item themself (the seller's own record said so, `seller_hidden`): staff see
 * the alert, the department's webhooks get it, but no message tells the producer what they did.
 */
export const hiddenBySeller = (alert: Pick<GateRow, 'evidence'>): boolean =>
  (alert.evidence as { removalReason?: unknown } | null)?.removalReason === 'seller_hidden';
