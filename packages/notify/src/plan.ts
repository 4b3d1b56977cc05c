import { type Database, queryRows } from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';
import type { NotifyConfig } from './config.ts';
import { producerGate } from './gate.ts';
import { type AlertFacts, alertEmail, alertEvent, alertSms, TEMPLATE_VERSION } from './templates/alert-message.ts';

interface AlertRow {
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

/** A channel a producer can be reached on: consent (from the registry import) and an address. */
function producerAddress(row: AlertRow, channel: 'zns' | 'sms' | 'email'): string | null {
  const consent = new Set(row.channels);
  if (channel === 'zns') return consent.has('zalo') ? (row.zalo_phone ?? row.phone) : null;
  if (channel === 'sms') return consent.has('sms') ? row.phone : null;
  return consent.has('email') ? row.email : null;
}

/**
 * Writes the outbox rows the alerts call for now, inside the caller's transaction (the run's
 * finalisation, a review): each live alert that passes its producer gate gets one message on the
 * producer's first reachable channel (the rest of the chain travels with it, for fallback), and
 * one event per configured webhook. Keys make it idempotent: planning twice plans once; a repeat
 * comes only `repeatAfterDays` after the last message about that alert.
 */
export async function planNotifications(
  db: Database,
  config: NotifyConfig,
  now: Date,
  available: ReadonlySet<string>,
): Promise<{ planned: number; held: number }> {
  const gated = Object.keys(config.gates);
  if (gated.length === 0) return { planned: 0, held: 0 };
  const alerts = await queryRows<AlertRow>(
    db,
    sql`select a.id, a.type, a.state, a.opened_at::text, a.listing_id, a.marketplace, a.evidence,
               l.state as listing_state, l.url, p.name as product_name, pr.id as producer_id,
               pr.name as producer_name, pr.phone, pr.zalo_phone, pr.email, pr.channels,
               a.updated_at >= coalesce((select max(run_at) from runs where finalized_at is not null), a.updated_at) as current
        from alerts a join listings l on l.id = a.listing_id
        join products p on p.id = l.product_id join producers pr on pr.id = p.producer_id
        where a.resolved_at is null and a.type in (${sql.join(
          gated.map((type) => sql`${type}`),
          sql`, `,
        )})`,
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
  const liveTypes = new Map<number, Set<string>>();
  for (const alert of alerts)
    liveTypes.set(alert.listing_id, (liveTypes.get(alert.listing_id) ?? new Set()).add(alert.type));
  const last = new Map(
    (
      await queryRows<{ alert_id: number; repeats: number; latest: string }>(
        db,
        sql`select alert_id, count(distinct split_part(key, ':r', 2))::int as repeats, max(created_at)::text as latest
            from notifications where kind = 'alert' and alert_id is not null group by alert_id`,
      )
    ).map((r) => [r.alert_id, r]),
  );
  let planned = 0;
  let held = 0;
  for (const alert of alerts) {
    const decision = producerGate(
      { ...alert, openedAt: new Date(alert.opened_at) },
      {
        listingState: alert.listing_state,
        liveTypesOnListing: new Set([...(liveTypes.get(alert.listing_id) ?? [])].filter((t) => t !== alert.type)),
        mutedMarketplaces: muted,
        current: alert.current,
      },
      config.gates,
      now,
    );
    if (!decision.release) {
      held += 1;
      continue;
    }
    const previous = last.get(alert.id);
    if (previous && now.getTime() - new Date(previous.latest).getTime() < config.repeatAfterDays * 86_400_000) continue;
    const repeat = previous ? previous.repeats : 0;
    const facts: AlertFacts = {
      alertId: alert.id,
      type: alert.type,
      productName: alert.product_name,
      producerName: alert.producer_name,
      marketplace: alert.marketplace ?? '',
      listingUrl: alert.url,
      evidence: alert.evidence,
      openedAt: new Date(alert.opened_at),
    };
    const chain = config.producerChannels
      .filter((channel) => available.has(channel))
      .map((channel) => ({ channel, recipient: producerAddress(alert, channel) }))
      .filter((entry): entry is { channel: 'zns' | 'sms' | 'email'; recipient: string } => entry.recipient !== null);
    const [first, ...fallbacks] = chain;
    const base = `alert:${alert.id}:producer:${alert.producer_id}`;
    planned += await insert(db, {
      key: `${base}:${first?.channel ?? 'none'}:${TEMPLATE_VERSION}:r${repeat}`,
      kind: 'alert',
      alertId: alert.id,
      producerId: alert.producer_id,
      recipient: first?.recipient ?? '',
      channel: first?.channel ?? 'none',
      payload: { ...alertEmail(facts, config.locale), sms: alertSms(facts, config.locale), fallbacks, facts },
      state: first ? 'pending' : 'suppressed',
      lastError: first ? null : 'no channel the producer consented to has an address and is configured',
      now,
    });
    for (const endpoint of config.webhooks) {
      planned += await insert(db, {
        key: `alert:${alert.id}:webhook:${endpoint.name}:${TEMPLATE_VERSION}:r${repeat}`,
        kind: 'alert',
        alertId: alert.id,
        producerId: null,
        recipient: endpoint.url,
        channel: 'webhook',
        payload: alertEvent(facts),
        state: 'pending',
        lastError: null,
        now,
      });
    }
  }
  return { planned, held };
}

interface NewNotification {
  key: string;
  kind: string;
  alertId: number | null;
  producerId: number | null;
  recipient: string;
  channel: string;
  payload: unknown;
  state: string;
  lastError: string | null;
  now: Date;
}

/** Inserts one outbox row unless its key is there already; 1 when inserted. */
export async function insert(db: Database, n: NewNotification): Promise<number> {
  const inserted = await queryRows<{ id: number }>(
    db,
    sql`insert into notifications (key, kind, alert_id, producer_id, recipient, channel, template_version, payload, state, not_before, last_error)
        values (${n.key}, ${n.kind}, ${n.alertId}, ${n.producerId}, ${n.recipient}, ${n.channel}, ${TEMPLATE_VERSION},
                ${JSON.stringify(n.payload)}::jsonb, ${n.state}, ${n.now.toISOString()}::timestamptz, ${n.lastError})
        on conflict (key) do nothing returning id`,
  );
  return inserted.length;
}
