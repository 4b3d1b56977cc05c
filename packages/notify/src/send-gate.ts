import type { Database } from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';
import type { NotifyConfig } from './config.ts';
import { gateDecision, hiddenBySeller, producerAddress, readGateFacts } from './gate-facts.ts';

/** A claimed outbox row, as much of it as the send-time gate reads. */
export interface ClaimedMessage {
  id: number;
  kind: string;
  alert_id: number | null;
  producer_id: number | null;
  channel: string;
  recipient: string;
}

/**
 * Why each claimed message may no longer go out, read now — not when it was planned: the alert's
 * state (a reviewer snoozed or dismissed it), its gate (the listing changed state, the marketplace
 * turned degraded or held, a later run could not re-affirm it), and for a producer the consent to
 * that channel and the address on file. Rows that may go have no entry.
 */
export async function withdrawalReasons(
  db: Database,
  rows: readonly ClaimedMessage[],
  config: NotifyConfig,
  now: Date,
): Promise<Map<number, string>> {
  const reasons = new Map<number, string>();
  // Messages the producer gate released: to a producer, or the event to the department's webhooks.
  // (The department's urgent e-mails about operator alerts answer to no gate; ended alerts are withdrawn.)
  const gated = rows.filter(
    (row) => row.kind === 'alert' && row.alert_id !== null && (row.producer_id !== null || row.channel === 'webhook'),
  );
  const alertIds = [...new Set(gated.map((row) => row.alert_id))];
  if (alertIds.length === 0) return reasons;
  const facts = await readGateFacts(
    db,
    sql`a.id in (${sql.join(
      alertIds.map((id) => sql`${id}`),
      sql`, `,
    )})`,
  );
  const byId = new Map(facts.alerts.map((alert) => [alert.id, alert]));
  for (const row of gated) {
    const alert = byId.get(row.alert_id ?? 0);
    if (!alert) {
      reasons.set(row.id, 'withdrawn: its alert is no longer in the store');
      continue;
    }
    const decision = gateDecision(alert, facts, config.gates, now);
    if (!decision.release) {
      reasons.set(row.id, `withdrawn before sending: ${decision.why}`);
      continue;
    }
    if (row.producer_id === null) continue; // a webhook to the department's own systems
    if (hiddenBySeller(alert)) {
      reasons.set(row.id, 'withdrawn before sending: the producer hid the item themself');
      continue;
    }
    const address = producerAddress(alert, row.channel);
    if (address === null)
      reasons.set(row.id, `withdrawn before sending: the producer no longer consents to ${row.channel}`);
    else if (address !== row.recipient)
      reasons.set(
        row.id,
        `withdrawn before sending: the producer's ${row.channel} address changed since it was planned`,
      );
  }
  return reasons;
}
