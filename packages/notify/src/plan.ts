import { type Database, marketplaceName, queryRows } from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';
import type { NotifyConfig } from './config.ts';
import { gateDecision, hiddenBySeller, producerAddress, readGateFacts } from './gate-facts.ts';
import { type AlertFacts, alertEmail, alertEvent, alertSms, TEMPLATE_VERSION } from './templates/alert-message.ts';

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
  /** Marketplace id → the name producers know (the configured adapters' display names). */
  marketplaceNames: Readonly<Record<string, string>> = {},
): Promise<{ planned: number; held: number }> {
  const gated = Object.keys(config.gates);
  if (gated.length === 0) return { planned: 0, held: 0 };
  const gateFacts = await readGateFacts(
    db,
    sql`a.resolved_at is null and a.type in (${sql.join(
      gated.map((type) => sql`${type}`),
      sql`, `,
    )})`,
  );
  // Repeats are counted over every message about the alert; how recent the last one was, only
  // over messages not withdrawn — a message withdrawn before it went out told nobody anything.
  const last = new Map(
    (
      await queryRows<{ alert_id: number; repeats: number; latest: string | null }>(
        db,
        sql`select alert_id, count(distinct split_part(key, ':r', 2))::int as repeats,
                   max(created_at) filter (where state <> 'withdrawn')::text as latest
            from notifications where kind = 'alert' and alert_id is not null group by alert_id`,
      )
    ).map((r) => [r.alert_id, r]),
  );
  let planned = 0;
  let held = 0;
  for (const alert of gateFacts.alerts) {
    const decision = gateDecision(alert, gateFacts, config.gates, now);
    if (!decision.release) {
      held += 1;
      continue;
    }
    const previous = last.get(alert.id);
    if (previous?.latest && now.getTime() - new Date(previous.latest).getTime() < config.repeatAfterDays * 86_400_000)
      continue;
    const repeat = previous ? previous.repeats : 0;
    const facts: AlertFacts = {
      alertId: alert.id,
      type: alert.type,
      productName: alert.product_name,
      producerName: alert.producer_name,
      marketplace: alert.marketplace ?? '',
      marketplaceName: marketplaceNames[alert.marketplace ?? ''] ?? marketplaceName(alert.marketplace),
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
    if (!hiddenBySeller(alert))
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
