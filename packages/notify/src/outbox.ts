import type { Database } from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';

/** Every state a message in the outbox can be in (the dashboard's filter and `notify outbox --state`). */
export const OUTBOX_STATES = [
  'pending',
  'sending',
  'sent',
  'deferred',
  'failed',
  'fell_back',
  'uncertain',
  'suppressed',
  'withdrawn',
] as const;

export interface OutboxEntry {
  id: number;
  key: string;
  channel: string;
  recipient: string;
  state: string;
  attempts: number;
  notBefore: string;
  sentAt: string | null;
  lastError: string | null;
  subject: string | null;
  /** The alert the message is about (null for digests and tests): the outbox links back to it. */
  alertId: number | null;
  /** The producer it was written for, by name (null for department digests). */
  producerName: string | null;
}

/**
 * The outbox, newest first, optionally of one state or about one alert: what was sent to whom, and
 * what is waiting.
 */
export async function listOutbox(
  db: Database,
  filter: { state?: string | undefined; alertId?: number | undefined } = {},
): Promise<OutboxEntry[]> {
  const conditions = [
    filter.state ? sql`n.state = ${filter.state}` : null,
    filter.alertId === undefined ? null : sql`n.alert_id = ${filter.alertId}`,
  ].filter((c) => c !== null);
  const where = conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
  const result = (await db.execute(
    sql`select n.id, n.key, n.channel, n.recipient, n.state, n.attempts, n.not_before::text as "notBefore",
               n.sent_at::text as "sentAt", n.last_error as "lastError", n.payload->>'subject' as subject,
               n.alert_id as "alertId", p.name as "producerName"
        from notifications n left join producers p on p.id = n.producer_id
        ${where} order by n.id desc limit 500`,
  )) as unknown as { rows: OutboxEntry[] };
  return result.rows.map((row) => ({ ...row, alertId: row.alertId === null ? null : Number(row.alertId) }));
}
