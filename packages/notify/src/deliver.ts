import { type Database, queryRows, redactSecrets } from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';
import type { Channel, SendResult } from './channels/channel.ts';
import { type NotifyConfig, notifySecrets } from './config.ts';
import { insert } from './plan.ts';
import { afterQuietHours } from './quiet-hours.ts';
import { withdrawalReasons } from './send-gate.ts';

interface Row {
  id: number;
  key: string;
  kind: string;
  alert_id: number | null;
  producer_id: number | null;
  recipient: string;
  channel: string;
  payload: Record<string, unknown>;
  attempts: number;
}

export interface DeliveryTally {
  sent: number;
  retried: number;
  failed: number;
  fellBack: number;
  deferred: number;
  uncertain: number;
  resent: number;
  /**
   * Waiting messages not sent because what allowed them no longer holds when they are due: their
   * alert ended or was snoozed, the gate closed, or the producer's consent or address changed.
   */
  withdrawn: number;
}

/** Exponential backoff with a cap: 1, 2, 4 … minutes, at most six hours. */
const backoffMs = (attempt: number) => Math.min(2 ** (attempt - 1) * 60_000, 6 * 3_600_000);

/**
 * A `sending` row whose lease ran out was cut off between sending and marking (a crash). Where the
 * provider de-duplicates by key, it goes back to `pending` (sending again is safe); where it does
 * not, it becomes `uncertain` and is never sent twice.
 */
async function recoverInterrupted(
  db: Database,
  channels: ReadonlyMap<string, Channel>,
  now: Date,
  tally: DeliveryTally,
) {
  const stuck = await queryRows<{ id: number; channel: string }>(
    db,
    sql`select id, channel from notifications where state = 'sending' and lease_until < ${now.toISOString()}::timestamptz`,
  );
  for (const row of stuck) {
    const safe = channels.get(row.channel)?.deduplicatesByKey ?? false;
    await db.execute(
      sql`update notifications set state = ${safe ? 'pending' : 'uncertain'}, updated_at = now(),
            last_error = ${safe ? 'interrupted while sending; sent again with the same key (the provider de-duplicates)' : 'interrupted while sending: it may or may not have arrived, and this channel cannot de-duplicate, so it is not sent again'}
          where id = ${row.id} and state = 'sending'`,
    );
    if (safe) tally.resent += 1;
    else tally.uncertain += 1;
  }
}

/**
 * A message still waiting (deferred by quiet hours or a quota, or retrying) whose alert has since
 * been resolved or dismissed is withdrawn, never sent: by then it would tell a producer of a
 * problem that is over, or that a reviewer judged false.
 */
async function withdrawEnded(db: Database, tally: DeliveryTally) {
  const withdrawn = await queryRows<{ id: number }>(
    db,
    sql`update notifications n set state = 'withdrawn', updated_at = now(),
          last_error = 'withdrawn before sending: its alert ended (resolved or dismissed)'
        where n.state in ('pending', 'deferred') and n.kind = 'alert'
          and exists (select 1 from alerts a where a.id = n.alert_id and (a.resolved_at is not null or a.state = 'dismissed'))
        returning n.id`,
  );
  tally.withdrawn += withdrawn.length;
  // An invitation to consent whose consent staff revoked (or that ended otherwise) before it went out.
  const invitations = await queryRows<{ id: number }>(
    db,
    sql`update notifications n set state = 'withdrawn', updated_at = now(),
          last_error = 'withdrawn before sending: the consent it invites to has ended'
        where n.state in ('pending', 'deferred') and n.kind = 'seller_consent'
          and exists (select 1 from seller_consents c where c.id::text = split_part(n.key, ':', 2) and c.state = 'ended')
        returning n.id`,
  );
  tally.withdrawn += invitations.length;
}

/** Claims due rows (a lease, committed before any send) so that two deliverers never send the same row. */
async function claim(db: Database, now: Date, leaseSeconds: number, limit: number): Promise<Row[]> {
  return queryRows<Row>(
    db,
    sql`update notifications set state = 'sending', attempts = attempts + 1, updated_at = now(),
          lease_until = ${new Date(now.getTime() + leaseSeconds * 1000).toISOString()}::timestamptz
        where id in (select id from notifications
                     where state in ('pending', 'deferred') and not_before <= ${now.toISOString()}::timestamptz
                     order by not_before, id limit ${limit} for update skip locked)
        returning id, key, kind, alert_id, producer_id, recipient, channel, payload, attempts`,
  );
}

async function settle(
  db: Database,
  row: Row,
  result: SendResult,
  config: NotifyConfig,
  now: Date,
  tally: DeliveryTally,
) {
  const set = (state: string, extra: ReturnType<typeof sql>) =>
    db.execute(
      sql`update notifications set state = ${state}, lease_until = null, updated_at = now(), ${extra} where id = ${row.id}`,
    );
  switch (result.outcome) {
    case 'sent':
      tally.sent += 1;
      return set(
        'sent',
        sql`sent_at = ${now.toISOString()}::timestamptz, provider_message_id = ${result.providerMessageId ?? null}, last_error = null`,
      );
    case 'defer':
      tally.deferred += 1;
      return set(
        'deferred',
        sql`not_before = ${result.until.toISOString()}::timestamptz, attempts = attempts - 1, last_error = ${result.error}`,
      );
    case 'retry':
      if (row.attempts < config.maxAttempts) {
        tally.retried += 1;
        const wait = Math.max(result.retryAfterMs ?? 0, backoffMs(row.attempts));
        return set(
          'pending',
          sql`not_before = ${new Date(now.getTime() + wait).toISOString()}::timestamptz, last_error = ${result.error}`,
        );
      }
      tally.failed += 1;
      return set('failed', sql`last_error = ${`gave up after ${row.attempts} attempts: ${result.error}`}`);
    case 'failed':
      tally.failed += 1;
      return set('failed', sql`last_error = ${result.error}`);
    case 'uncertain':
      tally.uncertain += 1;
      return set('uncertain', sql`last_error = ${`it may have arrived, so it is not sent again: ${result.error}`}`);
    case 'fallback': {
      const [next, ...rest] =
        (row.payload.fallbacks as Array<{ channel: string; recipient: string }> | undefined) ?? [];
      if (!next) {
        tally.failed += 1;
        return set('failed', sql`last_error = ${result.error}`);
      }
      tally.fellBack += 1;
      // The row that fell back and the row that stands in for it are written together or not at all.
      await db.transaction(async (txn) => {
        const tx = txn as unknown as Database;
        await tx.execute(
          sql`update notifications set state = 'fell_back', lease_until = null, updated_at = now(),
                last_error = ${result.error} where id = ${row.id}`,
        );
        await insert(tx, {
          // Unique by construction: the message it stands in for, and the channel it tries now.
          key: `${row.key}>${next.channel}`,
          kind: row.kind,
          alertId: row.alert_id,
          producerId: row.producer_id,
          recipient: next.recipient,
          channel: next.channel,
          payload: { ...row.payload, fallbacks: rest },
          state: 'pending',
          lastError: null,
          now,
        });
      });
    }
  }
}

/**
 * Delivers what is due in the outbox, at least once: claim (leased), send, settle. Phone channels
 * wait out quiet hours (deferred, never dropped); failures retry with backoff, fall back to the
 * recipient's next channel, or stop with the reason kept on the row.
 */
export async function deliverDue(
  db: Database,
  channels: ReadonlyMap<string, Channel>,
  config: NotifyConfig,
  options: { now?: () => Date; limit?: number } = {},
): Promise<DeliveryTally> {
  const clock = options.now ?? (() => new Date());
  const tally: DeliveryTally = {
    sent: 0,
    retried: 0,
    failed: 0,
    fellBack: 0,
    deferred: 0,
    uncertain: 0,
    resent: 0,
    withdrawn: 0,
  };
  const secrets = notifySecrets(config);
  await recoverInterrupted(db, channels, clock(), tally);
  await withdrawEnded(db, tally);
  for (;;) {
    const batch = await claim(db, clock(), config.leaseSeconds, options.limit ?? 50);
    if (batch.length === 0) return tally;
    // The gate, consent and address again, now: a message may have waited hours since it was planned.
    const withdrawals = await withdrawalReasons(db, batch, config, clock());
    for (const row of batch) {
      const now = clock();
      const withdrawal = withdrawals.get(row.id);
      if (withdrawal) {
        tally.withdrawn += 1;
        await db.execute(
          sql`update notifications set state = 'withdrawn', lease_until = null, attempts = attempts - 1,
                updated_at = now(), last_error = ${withdrawal} where id = ${row.id}`,
        );
        continue;
      }
      const channel = channels.get(row.channel);
      if (!channel) {
        await settle(
          db,
          row,
          { outcome: 'fallback', error: `channel ${row.channel} is not configured` },
          config,
          now,
          tally,
        );
        continue;
      }
      const allowed = channel.phone ? afterQuietHours(now, config.quietHours) : now;
      if (allowed > now) {
        await settle(
          db,
          row,
          { outcome: 'defer', until: allowed, error: 'quiet hours (Asia/Ho_Chi_Minh)' },
          config,
          now,
          tally,
        );
        continue;
      }
      const result = await channel.send({ key: row.key, recipient: row.recipient, payload: row.payload });
      // A provider's error text may echo what it was sent: no configured secret is ever stored with it.
      if ('error' in result) result.error = redactSecrets(result.error, secrets);
      await settle(db, row, result, config, clock(), tally);
    }
  }
}
