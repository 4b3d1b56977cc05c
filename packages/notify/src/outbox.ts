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
}

/** The outbox, newest first, optionally of one state: what was sent to whom, and what is waiting. */
export async function listOutbox(db: Database, filter: { state?: string | undefined } = {}): Promise<OutboxEntry[]> {
  const where = filter.state ? sql`where state = ${filter.state}` : sql``;
  const result = (await db.execute(
    sql`select id, key, channel, recipient, state, attempts, not_before::text as "notBefore", sent_at::text as "sentAt",
               last_error as "lastError", payload->>'subject' as subject
        from notifications ${where} order by id desc limit 500`,
  )) as unknown as { rows: OutboxEntry[] };
  return result.rows;
}
