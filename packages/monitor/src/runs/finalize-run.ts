import { and, eq, isNull, sql } from 'drizzle-orm';
import { type ReconcileResult, reconcileAlerts } from '../alerts/reconcile.ts';
import type { MonitorConfig } from '../config.ts';
import { type CoverageReport, computeCoverage } from '../coverage/compute-coverage.ts';
import { listingDelistedRule } from '../rules/listing-delisted.ts';
import { outOfStockRule } from '../rules/out-of-stock.ts';
import { certificateRule, productUncoveredRule } from '../rules/product-rules.ts';
import type { RuleOutcome } from '../rules/types.ts';
import { zeroSalesRule } from '../rules/zero-sales.ts';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';
import { coverageSnapshots, marketplaceHealth, runs } from '../store/schema.ts';
import { applyStates } from './apply-states.ts';
import { judgeHealth, type MarketplaceHealth } from './health.ts';
import { judgeMassDelisting, type MassDelistingJudgement, massDelistingAlert } from './mass-delisting.ts';
import type { Run } from './open-run.ts';
import { type RunRequests, runRequests } from './shop-reads.ts';

/** Called inside the transaction that changed alerts (e.g. to write the notification outbox). */
export type AfterAlertsHook = (tx: Database, now: Date) => Promise<void>;

export interface RunSummary {
  runDate: string;
  checked: number;
  verdicts: Record<string, number>;
  reasons: Record<string, number>;
  transitions: Record<string, number>;
  health: MarketplaceHealth[];
  /** Marketplaces whose delisted evidence was held this run as a mass disappearance. */
  massDelisting: MassDelistingJudgement[];
  alerts: ReconcileResult;
  zeroSalesUndecidable: number;
  coverage: Pick<CoverageReport, 'denominator' | 'covered' | 'percent'>;
  /** Registry changes found by syncs since the previous run (new, recertified, stars_changed, …, conflict). */
  registryChanges: Record<string, number>;
  /** Pages asked of the marketplaces, per listing; shop-page batching brings it below one. */
  http: RunRequests;
}

const snapshotColumns = (coverage: CoverageReport) => ({
  denominatorRule: coverage.denominatorRule,
  report: coverage,
  percent: coverage.percent,
  covered: coverage.covered,
  denominator: coverage.denominator,
});

/** Registry events recorded after the previous run's clock and up to this one's, by kind. */
async function registryChangesSince(db: Database, run: Run): Promise<Record<string, number>> {
  const rows = await queryRows<{ kind: string; n: number }>(
    db,
    sql`select kind, count(*)::int as n from registry_events
        where at <= ${run.runAt.toISOString()}::timestamptz
          and at > coalesce((select max(run_at) from runs where run_date < ${run.runDate}::date), '-infinity'::timestamptz)
        group by kind order by kind`,
  );
  return Object.fromEntries(rows.map((row) => [row.kind, row.n]));
}

/**
 * The run's fan-in, exactly once: the claim (`finalized_at` set where it was null) and all the
 * work — health and quarantine, listing states, rules and alerts, the coverage snapshot — are one
 * transaction, so a crash leaves nothing half done and a second finaliser finds the claim taken.
 */
export async function finalizeRun(
  db: Database,
  run: Run,
  config: MonitorConfig,
  countedMarketplaces: readonly string[],
  afterAlerts?: AfterAlertsHook,
): Promise<RunSummary | null> {
  return db.transaction(async (txn) => {
    const tx = txn as unknown as Database;
    const claimed = await tx
      .update(runs)
      .set({ finalizedAt: new Date() })
      .where(and(eq(runs.id, run.id), isNull(runs.finalizedAt)))
      .returning({ id: runs.id });
    if (claimed.length === 0) return null;
    const counts = await queryRows<{ marketplace: string; verdict: string; reason: string; n: number }>(
      tx,
      sql`select marketplace, verdict, reason, count(*)::int as n from observations where run_id = ${run.id} group by 1, 2, 3`,
    );
    const perMarketplace = new Map<
      string,
      { marketplace: string; checks: number; unknown: number; parseFailed: number }
    >();
    const verdicts: Record<string, number> = {};
    const reasons: Record<string, number> = {};
    for (const { marketplace, verdict, reason, n } of counts) {
      const entry = perMarketplace.get(marketplace) ?? { marketplace, checks: 0, unknown: 0, parseFailed: 0 };
      entry.checks += n;
      if (verdict === 'unknown') entry.unknown += n;
      if (reason === 'parse_failed') entry.parseFailed += n;
      perMarketplace.set(marketplace, entry);
      verdicts[verdict] = (verdicts[verdict] ?? 0) + n;
      reasons[`${verdict}/${reason}`] = (reasons[`${verdict}/${reason}`] ?? 0) + n;
    }
    const health = judgeHealth([...perMarketplace.values()], config.quarantine);
    const quarantined = new Set(health.filter((h) => h.quarantined).map((h) => h.marketplace));
    const judgements = await judgeMassDelisting(tx, run.id, config.massDelisting);
    // A quarantined marketplace's evidence is already ignored; holding it too would ask twice.
    const massDelisting = judgements.filter((j) => j.held && !quarantined.has(j.marketplace));
    const held = new Set(massDelisting.map((j) => j.marketplace));
    if (health.length) {
      const byMarketplace = new Map(judgements.map((j) => [j.marketplace, j]));
      await tx.insert(marketplaceHealth).values(
        health.map((h) => ({
          runId: run.id,
          ...h,
          previouslyActive: byMarketplace.get(h.marketplace)?.previouslyActive ?? 0,
          delistedEvidence: byMarketplace.get(h.marketplace)?.delistedEvidence ?? 0,
          held: held.has(h.marketplace),
        })),
      );
    }
    const transitions = await applyStates(tx, run.id, run.runAt, {
      confirmAfterMs: config.confirmAfterHours * 3_600_000,
      staleAfterMs: config.staleAfterHours * 3_600_000,
      quarantined: new Set([...quarantined, ...held]),
    });
    const coverage = await computeCoverage(tx, {
      date: run.runDate,
      asOf: run.runAt,
      freshnessHours: config.freshnessHours,
      countedMarketplaces,
    });
    const degraded: RuleOutcome = {
      type: 'marketplace_degraded',
      undecidable: 0,
      keep: new Set(),
      raise: health
        .filter((h) => h.quarantined)
        .map((h) => ({
          type: 'marketplace_degraded',
          subject: `marketplace:${h.marketplace}`,
          severity: 'critical',
          marketplace: h.marketplace,
          evidence: { runDate: run.runDate, ...h },
        })),
    };
    const mass: RuleOutcome = {
      type: 'marketplace_mass_delisting',
      undecidable: 0,
      keep: new Set(),
      raise: await Promise.all(massDelisting.map((j) => massDelistingAlert(tx, run.id, run.runDate, j))),
    };
    const zeroSales = await zeroSalesRule(tx, run.id, run.runAt, config.rules.zeroSales);
    const outcomes = [
      await listingDelistedRule(tx),
      zeroSales,
      await outOfStockRule(tx, run.id, run.runAt, config.rules.outOfStock.days),
      productUncoveredRule(coverage),
      await certificateRule(tx, run.runDate, config.rules.certificateExpiring.days),
      degraded,
      mass,
    ];
    const alerts = await reconcileAlerts(tx, outcomes, run.runAt);
    await tx
      .insert(coverageSnapshots)
      .values({ snapshotDate: run.runDate, ...snapshotColumns(coverage) })
      .onConflictDoUpdate({ target: coverageSnapshots.snapshotDate, set: snapshotColumns(coverage) });
    // Notifications go into the outbox in this same transaction, once alerts and the day's coverage
    // are stored: an alert change and the messages it causes are stored together or not at all.
    await afterAlerts?.(tx, run.runAt);
    const summary: RunSummary = {
      runDate: run.runDate,
      checked: Object.values(verdicts).reduce((a, b) => a + b, 0),
      verdicts,
      reasons,
      transitions,
      health,
      massDelisting,
      alerts,
      zeroSalesUndecidable: zeroSales.undecidable,
      coverage: { denominator: coverage.denominator, covered: coverage.covered, percent: coverage.percent },
      registryChanges: await registryChangesSince(tx, run),
      http: await runRequests(tx, run.id),
    };
    await tx.update(runs).set({ summary }).where(eq(runs.id, run.id));
    return summary;
  });
}
