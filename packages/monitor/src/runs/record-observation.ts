import type { Observation } from '@ocop-monitor/adapters';
import { sql } from 'drizzle-orm';
import type { Database } from '../store/open-store.ts';
import { observations } from '../store/schema.ts';

/**
 * Keeps one observation per listing per run: recording the same check again (a retried job, a
 * resumed run) replaces it instead of counting it twice.
 */
export async function recordObservation(
  db: Database,
  runId: number,
  listingId: number,
  observation: Observation,
): Promise<void> {
  const sold = observation.verdict === 'active' ? observation.data.sold : null;
  const values = {
    runId,
    listingId,
    marketplace: observation.marketplace,
    checkedAt: new Date(observation.checkedAt),
    verdict: observation.verdict,
    reason: observation.reason,
    soldValue: sold?.value ?? null,
    soldApproximate: sold ? sold.approximate : null,
    stock: observation.verdict === 'active' ? observation.data.stock : null,
    data: observation.data,
    evidence: observation.evidence,
  };
  await db
    .insert(observations)
    .values(values)
    .onConflictDoUpdate({
      target: [observations.runId, observations.listingId],
      set: {
        checkedAt: values.checkedAt,
        verdict: values.verdict,
        reason: values.reason,
        soldValue: values.soldValue,
        soldApproximate: values.soldApproximate,
        stock: values.stock,
        data: sql`excluded.data`,
        evidence: sql`excluded.evidence`,
      },
    });
}
