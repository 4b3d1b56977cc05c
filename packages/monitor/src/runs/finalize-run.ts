import { and, eq, isNull, sql } from 'drizzle-orm';
import { type ReconcileResult, reconcileAlerts } from '../alerts/reconcile.ts';
import type { MonitorConfig } from '../config.ts';
import { type CoverageReport, computeCoverage } from '../coverage/compute-coverage.ts';
import { listingDelistedRule } from '../rules/listing-delisted.ts';
import { outOfStockRule } from '../rules/out-of-stock.ts';
import { possibleRemovalRule } from '../rules/possible-removal.ts';
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
import { relinkMovedListings } from './relink-moved.ts';
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
  /** Listings whose marketplace moved them to a new address for good (a renamed slug), relinked. */
  moved?: number;
  /**
   * A run finalised after a newer one (an older date resumed): its observations are kept and its
   * coverage snapshot written, but it changes no listing a newer check has moved and no alert.
   */
  late?: boolean;
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

const NO_ALERT_CHANGES: ReconcileResult = { opened: {}, resolved: {} };

/** Whether a run of a later date was finalised already: this one is then old news. */
async function newerRunFinalized(db: Database, run: Run): Promise<boolean> {
  const rows = await queryRows<{ newer: boolean }>(
    db,
    sql`select exists (select 1 from runs where run_date > ${run.runDate}::date and finalized_at is not null) as newer`,
  );
  return rows[0]?.newer ?? false;
}

/** Ties each held run of this run to the live mass alert that asks about it (what releases it). */
async function linkHeldRuns(db: Database, runId: number): Promise<void> {
  await db.execute(sql`
    update marketplace_health h set alert_id = a.id from alerts a
    where h.run_id = ${runId} and h.held and a.type = 'marketplace_mass_delisting'
      and a.marketplace = h.marketplace and a.resolved_at is null`);
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
          activeReads: byMarketplace.get(h.marketplace)?.activeReads ?? 0,
          controlsOnSale: byMarketplace.get(h.marketplace)?.controlsOnSale ?? 0,
          held: held.has(h.marketplace),
          heldWhy: held.has(h.marketplace) ? (byMarketplace.get(h.marketplace)?.heldWhy ?? null) : null,
        })),
      );
    }
    const moved = await relinkMovedListings(tx, run.id);
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
    const late = await newerRunFinalized(tx, run);
    const alertsOf = late ? null : await reconcileRules(tx, run, config, coverage, health, massDelisting);
    await linkHeldRuns(tx, run.id);
    await tx
      .insert(coverageSnapshots)
      .values({ snapshotDate: run.runDate, ...snapshotColumns(coverage) })
      .onConflictDoUpdate({ target: coverageSnapshots.snapshotDate, set: snapshotColumns(coverage) });
    // Notifications go into the outbox in this same transaction, once alerts and the day's coverage
    // are stored: an alert change and the messages it causes are stored together or not at all.
    if (!late) await afterAlerts?.(tx, run.runAt);
    const summary: RunSummary = {
      runDate: run.runDate,
      checked: Object.values(verdicts).reduce((a, b) => a + b, 0),
      verdicts,
      reasons,
      transitions,
      health,
      massDelisting,
      alerts: alertsOf?.alerts ?? NO_ALERT_CHANGES,
      zeroSalesUndecidable: alertsOf?.zeroSalesUndecidable ?? 0,
      coverage: { denominator: coverage.denominator, covered: coverage.covered, percent: coverage.percent },
      registryChanges: await registryChangesSince(tx, run),
      http: await runRequests(tx, run.id),
      ...(moved ? { moved } : {}),
      ...(late ? { late: true } : {}),
    };
    await tx.update(runs).set({ summary }).where(eq(runs.id, run.id));
    return summary;
  });
}

/** Every rule over the run's outcome, reconciled into alerts (DESIGN §6). */
async function reconcileRules(
  tx: Database,
  run: Run,
  config: MonitorConfig,
  coverage: CoverageReport,
  health: MarketplaceHealth[],
  massDelisting: MassDelistingJudgement[],
): Promise<{ alerts: ReconcileResult; zeroSalesUndecidable: number }> {
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
    await possibleRemovalRule(tx, config.confirmAfterHours * 3_600_000),
    zeroSales,
    await outOfStockRule(tx, run.id, config.rules.outOfStock.days),
    productUncoveredRule(coverage),
    await certificateRule(tx, run.runDate, config.rules.certificateExpiring.days),
    degraded,
    mass,
  ];
  const alerts = await reconcileAlerts(tx, outcomes, run.runAt);
  return { alerts, zeroSalesUndecidable: zeroSales.undecidable };
}
