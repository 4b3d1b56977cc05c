import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { RuleOutcome } from '../rules/types.ts';
import type { Database } from '../store/open-store.ts';
import { alertEvents, alerts } from '../store/schema.ts';

export interface ReconcileResult {
  opened: Record<string, number>;
  resolved: Record<string, number>;
}

const bump = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/**
 * Brings live alerts in line with what the rules concluded: one live alert per (type, subject);
 * a new condition opens one, a cleared condition resolves it, an undecidable one is left alone.
 * A dismissed alert stays dismissed while its condition lasts: nobody is told twice.
 */
export async function reconcileAlerts(
  db: Database,
  outcomes: readonly RuleOutcome[],
  now: Date,
): Promise<ReconcileResult> {
  const result: ReconcileResult = { opened: {}, resolved: {} };
  const types = outcomes.map((outcome) => outcome.type);
  if (types.length === 0) return result;
  const live = await db
    .select()
    .from(alerts)
    .where(and(inArray(alerts.type, types), isNull(alerts.resolvedAt)));
  const liveByKey = new Map(live.map((alert) => [`${alert.type}|${alert.subject}`, alert]));
  const events: Array<typeof alertEvents.$inferInsert> = [];
  for (const outcome of outcomes) {
    const wanted = new Set(outcome.raise.map((alert) => alert.subject));
    for (const desired of outcome.raise) {
      const existing = liveByKey.get(`${desired.type}|${desired.subject}`);
      if (!existing) {
        const [created] = await db
          .insert(alerts)
          .values({
            type: desired.type,
            subject: desired.subject,
            listingId: desired.listingId ?? null,
            productId: desired.productId ?? null,
            marketplace: desired.marketplace ?? null,
            severity: desired.severity,
            state: 'open',
            openedAt: now,
            updatedAt: now,
            evidence: desired.evidence,
          })
          .returning({ id: alerts.id });
        if (created)
          events.push({
            alertId: created.id,
            at: now,
            actor: 'system',
            action: 'opened',
            fromState: null,
            toState: 'open',
            note: null,
          });
        bump(result.opened, desired.type);
        continue;
      }
      const wakes = existing.state === 'snoozed' && existing.snoozedUntil !== null && existing.snoozedUntil <= now;
      await db
        .update(alerts)
        .set({
          severity: desired.severity,
          evidence: desired.evidence,
          updatedAt: now,
          ...(wakes ? { state: 'open', snoozedUntil: null } : {}),
        })
        .where(eq(alerts.id, existing.id));
      if (wakes)
        events.push({
          alertId: existing.id,
          at: now,
          actor: 'system',
          action: 'snooze_ended',
          fromState: 'snoozed',
          toState: 'open',
          note: null,
        });
    }
    for (const alert of live) {
      if (alert.type !== outcome.type || wanted.has(alert.subject) || outcome.keep.has(alert.subject)) continue;
      await db
        .update(alerts)
        .set({ state: 'resolved', resolvedAt: now, updatedAt: now })
        .where(eq(alerts.id, alert.id));
      events.push({
        alertId: alert.id,
        at: now,
        actor: 'system',
        action: 'resolved',
        fromState: alert.state,
        toState: 'resolved',
        note: 'condition cleared',
      });
      bump(result.resolved, alert.type);
    }
  }
  for (let i = 0; i < events.length; i += 500) await db.insert(alertEvents).values(events.slice(i, i + 500));
  return result;
}
