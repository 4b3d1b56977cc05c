import { asc, eq } from 'drizzle-orm';
import type { AfterAlertsHook } from '../runs/finalize-run.ts';
import { releaseHeldDelistings } from '../runs/release-held-delistings.ts';
import type { Database } from '../store/open-store.ts';
import { alertEvents, alerts } from '../store/schema.ts';
import { decisionsFor } from '../words/decision-words.ts';
import { confirmPossibleRemoval } from './confirm-removal.ts';

export type ReviewAction = 'confirm' | 'dismiss' | 'snooze';
const TO_STATE: Record<ReviewAction, string> = { confirm: 'confirmed', dismiss: 'dismissed', snooze: 'snoozed' };

/** Why a review was refused: a stable code, said in words by `REVIEW_REFUSAL_WORDS`. */
export type ReviewRefusal = 'no_reviewer' | 'snooze_date' | 'no_alert' | 'resolved' | 'not_for_kind' | 'on_sale_again';

/** A review step that cannot be taken (no such alert, already resolved, bad snooze date, not for this kind). */
export class ReviewError extends Error {
  override readonly name = 'ReviewError';
  readonly code: ReviewRefusal;
  constructor(code: ReviewRefusal, message: string) {
    super(message);
    this.code = code;
  }
}

/** The department's review of an alert: confirm, dismiss as false, or snooze until a date. */
export async function reviewAlert(
  db: Database,
  input: {
    id: number;
    action: ReviewAction;
    by: string;
    note?: string | undefined;
    until?: Date | undefined;
    now?: Date;
    /** The configured confirmation delay of the state machine (`monitor.confirmAfterHours`), for accepting a mass disappearance. */
    confirmAfterHours: number;
    /** Runs in the review's transaction (the notification outbox: a confirmation releases messages). */
    afterAlerts?: AfterAlertsHook | undefined;
  },
): Promise<typeof alerts.$inferSelect> {
  const now = input.now ?? new Date();
  if (!input.by.trim()) throw new ReviewError('no_reviewer', 'say who reviews: --by <name>');
  if (input.action === 'snooze' && (!input.until || input.until <= now))
    throw new ReviewError('snooze_date', 'snooze needs --until with a future date');
  return db.transaction(async (tx) => {
    const [alert] = await tx.select().from(alerts).where(eq(alerts.id, input.id));
    if (!alert) throw new ReviewError('no_alert', `no alert #${input.id}`);
    if (alert.resolvedAt)
      throw new ReviewError(
        'resolved',
        `alert #${input.id} was resolved on ${alert.resolvedAt.toISOString()}; nothing to review`,
      );
    // A fact read from the registry (an expired certificate) cannot be dismissed as false.
    if (!decisionsFor(alert.type).includes(input.action))
      throw new ReviewError('not_for_kind', `${input.action} does not apply to a ${alert.type} alert`);
    const toState = TO_STATE[input.action];
    const [updated] = await tx
      .update(alerts)
      .set({ state: toState, updatedAt: now, snoozedUntil: input.action === 'snooze' ? (input.until ?? null) : null })
      .where(eq(alerts.id, input.id))
      .returning();
    await tx.insert(alertEvents).values({
      alertId: input.id,
      at: now,
      actor: input.by.trim(),
      action: input.action,
      fromState: alert.state,
      toState,
      note: [input.note, input.until ? `until ${input.until.toISOString()}` : null].filter(Boolean).join('; ') || null,
    });
    // Confirming a mass disappearance accepts it: the held evidence takes effect, with its alerts.
    if (alert.type === 'marketplace_mass_delisting' && input.action === 'confirm' && alert.marketplace) {
      const db = tx as unknown as Database;
      const released = await releaseHeldDelistings(db, alert.marketplace, {
        alertId: alert.id,
        confirmAfterMs: input.confirmAfterHours * 3_600_000,
        now,
      });
      await tx.insert(alertEvents).values({
        alertId: input.id,
        at: now,
        actor: 'system',
        action: 'released',
        fromState: toState,
        toState,
        note: `held evidence of ${released.runs} run(s) took effect for ${released.released} listing(s)`,
      });
    }
    // Confirming a possible removal (an assumed rule's evidence, looked at by a person) delists it.
    if (alert.type === 'listing_possibly_removed' && input.action === 'confirm') {
      const delistedAlert = await confirmPossibleRemoval(
        tx as unknown as Database,
        { id: alert.id, listingId: alert.listingId },
        { by: input.by.trim(), note: input.note ?? null, now },
      );
      if (delistedAlert === null)
        throw new ReviewError(
          'on_sale_again',
          `alert #${input.id}: the listing read on sale again since; nothing to confirm`,
        );
    }
    if (!updated) throw new ReviewError('no_alert', `alert #${input.id} vanished`);
    await input.afterAlerts?.(tx as unknown as Database, now);
    const [reviewed] = await tx.select().from(alerts).where(eq(alerts.id, input.id));
    return reviewed ?? updated;
  });
}

/** Who did what to an alert, oldest first. */
export function alertHistory(db: Database, id: number) {
  return db
    .select()
    .from(alertEvents)
    .where(eq(alertEvents.alertId, id))
    .orderBy(asc(alertEvents.at), asc(alertEvents.id));
}
