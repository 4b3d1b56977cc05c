import { sql } from 'drizzle-orm';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';
import { healthHistory, type RunHealth } from './health-history.ts';

interface CoverageFigures {
  date: string;
  percent: number;
  covered: number;
  denominator: number;
}

/** A product that came onto the marketplaces, or fell off them, between two days. */
export interface CoverageMove {
  productId: number;
  name: string;
  producer: string;
}

/** An alert that opened or ended since the previous run. */
export interface ChangedAlert {
  id: number;
  type: string;
  state: string;
  marketplace: string | null;
  productName: string | null;
  evidence: unknown;
}

/** What the home page says: what changed since the previous daily run, and how each marketplace answered. */
export interface WhatChanged {
  latestRun: string | null;
  previousRun: string | null;
  coverage: CoverageFigures | null;
  previousCoverage: CoverageFigures | null;
  /** Products covered now that were in the gap the day before, and the other way round. */
  newlyCovered: CoverageMove[];
  newlyUncovered: CoverageMove[];
  opened: ChangedAlert[];
  resolved: ChangedAlert[];
  health: RunHealth[];
}

/** The alerts whose `column` falls after `since` (every one when there is no previous run), the gravest first. */
function alertsSince(db: Database, column: 'opened_at' | 'resolved_at', since: string | null) {
  const after =
    since === null
      ? sql`${sql.raw(`a.${column}`)} is not null`
      : sql`${sql.raw(`a.${column}`)} > ${since}::timestamptz`;
  return queryRows<ChangedAlert>(
    db,
    sql`select a.id::int, a.type, a.state, a.marketplace, p.name as "productName", a.evidence
        from alerts a
        left join listings l on l.id = a.listing_id
        left join products p on p.id = coalesce(a.product_id, l.product_id)
        where ${after}
        order by case a.severity when 'critical' then 0 when 'warn' then 1 else 2 end, a.type, p.name nulls last, a.id`,
  );
}

/**
 * The two newest finished runs and what changed between them: coverage and which products moved
 * it, alerts opened and ended after the previous run, and the latest run's marketplace health.
 */
export async function whatChanged(db: Database): Promise<WhatChanged> {
  const runs = await queryRows<{ run_date: string; run_at: string }>(
    db,
    sql`select run_date::text, run_at::text from runs where finalized_at is not null order by run_date desc limit 2`,
  );
  const [latest, previous] = runs;
  const snapshots = await queryRows<
    CoverageFigures & { gap: Array<{ productId: number; name: string; producer: string }> }
  >(
    db,
    sql`select snapshot_date::text as date, percent, covered, denominator, coalesce(report->'gap', '[]'::jsonb) as gap
        from coverage_snapshots where percent is not null order by snapshot_date desc limit 2`,
  );
  const [now, before] = snapshots;
  const gapNow = new Map((now?.gap ?? []).map((p) => [p.productId, p]));
  const gapBefore = new Map((before?.gap ?? []).map((p) => [p.productId, p]));
  const move = (p: { productId: number; name: string; producer: string }) => ({
    productId: p.productId,
    name: p.name,
    producer: p.producer,
  });
  const figures = (s: CoverageFigures | undefined) =>
    s ? { date: s.date, percent: s.percent, covered: s.covered, denominator: s.denominator } : null;
  // Alerts of the latest run open at its clock: "since the previous run" starts at that run's clock.
  const since = previous?.run_at ?? null;
  return {
    latestRun: latest?.run_date ?? null,
    previousRun: previous?.run_date ?? null,
    coverage: figures(now),
    previousCoverage: figures(before),
    newlyCovered: before ? [...gapBefore.values()].filter((p) => !gapNow.has(p.productId)).map(move) : [],
    newlyUncovered: before ? [...gapNow.values()].filter((p) => !gapBefore.has(p.productId)).map(move) : [],
    opened: latest ? await alertsSince(db, 'opened_at', since) : [],
    resolved: latest && previous ? await alertsSince(db, 'resolved_at', since) : [],
    health: latest ? (await healthHistory(db, { runs: 1 })).filter((h) => h.runDate === latest.run_date) : [],
  };
}
