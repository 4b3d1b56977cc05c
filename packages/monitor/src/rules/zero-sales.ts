import { sql } from 'drizzle-orm';
import type { MonitorConfig } from '../config.ts';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';
import type { DesiredAlert, RuleOutcome } from './types.ts';

interface Row {
  listing_id: number;
  state: string;
  product_id: number;
  marketplace: string;
  url: string;
  linked_at: string;
  now_sold: number | null;
  now_approximate: boolean | null;
  now_verdict: string | null;
  warn_sold: number | null;
  warn_approximate: boolean | null;
  warn_at: string | null;
  critical_sold: number | null;
  critical_approximate: boolean | null;
  critical_at: string | null;
}

const windowFor = (config: MonitorConfig['rules']['zeroSales'], marketplace: string) =>
  config.perMarketplace[marketplace] ?? config;

/** Sold count `days` before: the latest active observation at or before the window's start. */
const baseline = (days: 'warn' | 'critical', runAt: string, windows: string) => sql`
  left join lateral (
    select o.sold_value, o.sold_approximate, o.checked_at from observations o
    where o.listing_id = l.id and o.verdict = 'active'
      and o.checked_at <= ${runAt}::timestamptz - make_interval(days => ((${windows}::jsonb -> l.marketplace ->> ${days}))::int)
    order by o.checked_at desc limit 1
  ) ${sql.raw(days)} on true`;

/**
 * `zero_sales`: an active listing whose sold count did not increase over the window (warn, then
 * critical), or that never sold although linked that long ago — marketplaces delist those.
 * Decided only from exact counts: an approximate count ("1,2k", "10k+") can hide sales, so it is
 * "undecidable", never an alarm. A live alert outlives an outage: while its listing is suspect or
 * stale it is kept, neither resolved nor raised.
 */
export async function zeroSalesRule(
  db: Database,
  runId: number,
  runAt: Date,
  config: MonitorConfig['rules']['zeroSales'],
): Promise<RuleOutcome> {
  const marketplaces = await queryRows<{ marketplace: string }>(db, sql`select distinct marketplace from listings`);
  const windows = JSON.stringify(
    Object.fromEntries(
      marketplaces.map(({ marketplace }) => {
        const window = windowFor(config, marketplace);
        return [marketplace, { warn: window.warnDays, critical: window.criticalDays }];
      }),
    ),
  );
  const at = runAt.toISOString();
  const rows = await queryRows<Row>(
    db,
    sql`select l.id as listing_id, l.state, l.product_id, l.marketplace, l.url, l.linked_at::text,
               cur.sold_value as now_sold, cur.sold_approximate as now_approximate, cur.verdict as now_verdict,
               warn.sold_value as warn_sold, warn.sold_approximate as warn_approximate, warn.checked_at::text as warn_at,
               critical.sold_value as critical_sold, critical.sold_approximate as critical_approximate, critical.checked_at::text as critical_at
        from listings l
        left join observations cur on cur.run_id = ${runId} and cur.listing_id = l.id
        ${baseline('warn', at, windows)}
        ${baseline('critical', at, windows)}
        where l.state in ('active', 'suspect', 'stale')`,
  );
  const outcome: RuleOutcome = { type: 'zero_sales', raise: [], keep: new Set(), undecidable: 0 };
  for (const row of rows) {
    const subject = `listing:${row.listing_id}`;
    // Unreadable or under suspicion: its alert is held as it is — resolving it now would open a
    // fresh one (and tell the producer again) as soon as the listing reads on sale again.
    if (row.state !== 'active' || row.now_verdict !== 'active') {
      outcome.keep.add(subject);
      continue;
    }
    if (row.now_sold === null || row.now_approximate) {
      outcome.undecidable += 1;
      outcome.keep.add(subject);
      continue;
    }
    const window = windowFor(config, row.marketplace);
    const linkedDays = (runAt.getTime() - new Date(row.linked_at).getTime()) / 86_400_000;
    const flat = (sold: number | null, approximate: boolean | null) =>
      sold !== null && !approximate && sold === row.now_sold;
    const neverSold = row.now_sold === 0;
    const critical =
      flat(row.critical_sold, row.critical_approximate) || (neverSold && linkedDays >= window.criticalDays);
    const warn = critical || flat(row.warn_sold, row.warn_approximate) || (neverSold && linkedDays >= window.warnDays);
    if (!warn) continue;
    const alert: DesiredAlert = {
      type: 'zero_sales',
      subject,
      severity: critical ? 'critical' : 'warn',
      listingId: row.listing_id,
      productId: row.product_id,
      marketplace: row.marketplace,
      evidence: {
        url: row.url,
        soldNow: row.now_sold,
        soldAtWindowStart: critical ? (row.critical_sold ?? row.now_sold) : (row.warn_sold ?? row.now_sold),
        windowStart: critical ? row.critical_at : row.warn_at,
        windowDays: critical ? window.criticalDays : window.warnDays,
        neverSold,
      },
    };
    outcome.raise.push(alert);
  }
  return outcome;
}
