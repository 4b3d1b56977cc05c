import { sql } from 'drizzle-orm';
import type { MonitorConfig } from '../config.ts';
import type { DesiredAlert } from '../rules/types.ts';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';

/** One marketplace's delisted evidence in one run, against what is normal for it. */
export interface MassDelistingJudgement {
  marketplace: string;
  /** Listings active (or stale: not known removed) before this run, checked in it. */
  previouslyActive: number;
  /** How many of those gave delisted evidence in this run. */
  delistedEvidence: number;
  share: number;
  /** Mean share of the marketplace's previous runs (held runs left out). */
  normalShare: number;
  threshold: number;
  held: boolean;
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;

/**
 * DESIGN §4, mass disappearance: a URL-scheme change, a broken deploy or every product sent to the
 * home page answers "removed" for every listing at once. Judged per run and marketplace, so a real
 * wave of delistings spread over days still comes through listing by listing.
 */
export async function judgeMassDelisting(
  db: Database,
  runId: number,
  config: MonitorConfig['massDelisting'],
): Promise<MassDelistingJudgement[]> {
  // Runs before applyStates, so `l.state` is still the state the previous runs left.
  const rows = await queryRows<{
    marketplace: string;
    previously_active: number;
    delisted_evidence: number;
    normal_share: number | null;
  }>(
    db,
    sql`with current as (
          select o.marketplace,
                 count(*) filter (where l.state in ('active', 'stale'))::int as previously_active,
                 count(*) filter (where l.state in ('active', 'stale') and o.verdict = 'delisted')::int as delisted_evidence
          from observations o join listings l on l.id = o.listing_id
          where o.run_id = ${runId}
          group by o.marketplace)
        select c.*, (
          select avg(h.delisted_evidence::float8 / h.previously_active) from (
            select h.delisted_evidence, h.previously_active from marketplace_health h
            where h.marketplace = c.marketplace and h.run_id < ${runId} and not h.held and h.previously_active > 0
            order by h.run_id desc limit ${config.normalWindowRuns}) h
        ) as normal_share
        from current c order by c.marketplace`,
  );
  return rows.map((row) => {
    const share = row.previously_active ? row.delisted_evidence / row.previously_active : 0;
    const normalShare = Number(row.normal_share ?? 0);
    const threshold = Math.min(1, Math.max(config.share, config.normalRateFactor * normalShare));
    return {
      marketplace: row.marketplace,
      previouslyActive: row.previously_active,
      delistedEvidence: row.delisted_evidence,
      share: round(share),
      normalShare: round(normalShare),
      threshold: round(threshold),
      held: row.delisted_evidence >= config.minListings && share >= threshold,
    };
  });
}

/** The one marketplace-level alert for a held run, with counts and a few examples of the evidence. */
export async function massDelistingAlert(
  db: Database,
  runId: number,
  runDate: string,
  judgement: MassDelistingJudgement,
): Promise<DesiredAlert> {
  const examples = await queryRows<{ url: string; evidence: Record<string, unknown> }>(
    db,
    sql`select l.url, o.evidence from observations o join listings l on l.id = o.listing_id
        where o.run_id = ${runId} and o.marketplace = ${judgement.marketplace} and o.verdict = 'delisted'
        order by o.id limit 5`,
  );
  return {
    type: 'marketplace_mass_delisting',
    subject: `marketplace:${judgement.marketplace}`,
    severity: 'critical',
    marketplace: judgement.marketplace,
    evidence: {
      runDate,
      previouslyActive: judgement.previouslyActive,
      delistedEvidence: judgement.delistedEvidence,
      share: judgement.share,
      normalShare: judgement.normalShare,
      threshold: judgement.threshold,
      examples: examples.map(({ url, evidence }) => ({
        url,
        httpStatus: evidence.httpStatus ?? null,
        finalUrl: evidence.finalUrl ?? null,
        matchedRule: evidence.matchedRule ?? null,
      })),
      whatToDo:
        'Mở vài liên kết ví dụ: nếu sàn thật sự gỡ các sản phẩm này, xác nhận (confirm); nếu sàn đổi địa chỉ hoặc lỗi, bỏ qua (dismiss). / Open a few examples: if the marketplace really removed them, confirm; if it moved or broke, dismiss.',
    },
  };
}
