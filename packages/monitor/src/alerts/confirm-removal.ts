import { and, eq, isNull, sql } from 'drizzle-orm';
import { listingDelistedRule } from '../rules/listing-delisted.ts';
import type { Database } from '../store/open-store.ts';
import { alertEvents, alerts } from '../store/schema.ts';
import { reconcileAlerts } from './reconcile.ts';

/**
 * A reviewer confirmed a possible removal (`listing_possibly_removed`): the listing becomes
 * `delisted` now, its `listing_delisted` alert opens already confirmed by that reviewer (so the
 * producer may be told, through the reviewer gate), and the possible removal is resolved.
 * Returns the id of the `listing_delisted` alert, or null when the listing is no longer suspect
 * (it read on sale again since): then nothing changes.
 */
export async function confirmPossibleRemoval(
  db: Database,
  alert: { id: number; listingId: number | null },
  review: { by: string; note: string | null; now: Date },
): Promise<number | null> {
  if (alert.listingId === null) return null;
  const moved = await db.execute(sql`
    update listings set state = 'delisted', state_since = ${review.now.toISOString()}::timestamptz, updated_at = now()
    where id = ${alert.listingId} and state in ('suspect', 'stale') and suspect_since is not null
    returning id`);
  if ((moved as unknown as { rows: unknown[] }).rows.length === 0) return null;
  await reconcileAlerts(db, [await listingDelistedRule(db)], review.now);
  const [delisted] = await db
    .update(alerts)
    .set({ state: 'confirmed', updatedAt: review.now })
    .where(
      and(
        eq(alerts.type, 'listing_delisted'),
        eq(alerts.subject, `listing:${alert.listingId}`),
        isNull(alerts.resolvedAt),
      ),
    )
    .returning({ id: alerts.id, state: alerts.state });
  await db
    .update(alerts)
    .set({ state: 'resolved', resolvedAt: review.now, updatedAt: review.now })
    .where(eq(alerts.id, alert.id));
  const confirmedAs = delisted ? `listing_delisted #${delisted.id}` : 'listing_delisted';
  await db.insert(alertEvents).values([
    ...(delisted
      ? [
          {
            alertId: delisted.id,
            at: review.now,
            actor: review.by,
            action: 'confirm',
            fromState: 'open',
            toState: 'confirmed',
            note: [`confirmed from possible removal #${alert.id}`, review.note].filter(Boolean).join('; '),
          },
        ]
      : []),
    {
      alertId: alert.id,
      at: review.now,
      actor: 'system',
      action: 'resolved',
      fromState: 'confirmed',
      toState: 'resolved',
      note: `the listing is delisted: ${confirmedAs}`,
    },
  ]);
  return delisted?.id ?? null;
}
