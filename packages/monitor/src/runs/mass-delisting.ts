import { sql } from 'drizzle-orm';
import type { MonitorConfig } from '../config.ts';
import type { DesiredAlert } from '../rules/types.ts';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';

/** One marketplace's delisted evidence in one run, against what is normal for it and the run's control. */
export interface MassDelistingJudgement {
  marketplace: string;
  /** Listings active (or stale: not known removed) before this run, checked in it. */
  previouslyActive: number;
  /** How many of those gave delisted evidence in this run. */
  delistedEvidence: number;
  share: number;
  /** Mean share of the marketplace's previous runs (held and quarantined runs left out). */
  normalShare: number;
  threshold: number;
  /** Listings this run read on sale, and configured control pages it read on sale. */
  activeReads: number;
  controlsOnSale: number;
  /** Removals this run read by a seen rule (what the negative control vouches for). */
  seenRemovals: number;
  /**
   * The run's negative control — an address no product has: `recognised` (the marketplace's own
   * kept not-found answer), `differs` (another answer: a redesign, an outage, a maintenance node),
   * `unreadable` (no answer to judge), `missing` (not asked: no listing to shape it on, or none kept).
   */
  negativeControl: 'recognised' | 'differs' | 'unreadable' | 'missing';
  /** That control's answer ("404 text/html html:…"), for the operator. */
  negativeAnswer: string | null;
  held: boolean;
  /**
   * `mass`: far above the normal share; `no-control`: removals in a run that read nothing of it on
   * sale; `negative-control`: seen removals in a run whose negative control did not answer as kept.
   */
  heldWhy: 'mass' | 'no-control' | 'negative-control' | null;
}

const TRANSPORT = new Set(['timeout', 'network', 'rate_limited', 'server_error', 'blocked']);

/** How the run's negative control answered (DESIGN §4, "Recognised, never inferred"). */
function negativeControlOf(row: {
  negative_verdict: string | null;
  negative_reason: string | null;
  negative_rule: string | null;
}): MassDelistingJudgement['negativeControl'] {
  if (row.negative_verdict === null) return 'missing';
  if (row.negative_verdict === 'delisted' && row.negative_rule?.endsWith('.not-found')) return 'recognised';
  if (row.negative_verdict === 'unknown' && TRANSPORT.has(row.negative_reason ?? '')) return 'unreadable';
  return 'differs';
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;

/**
 * DESIGN §4, mass disappearance and the run's control: a URL-scheme change, a broken deploy or
 * every product sent to the home page answers "removed" for every listing at once; a run that read
 * nothing of a marketplace on sale cannot tell a removal from a site that shows nothing. Judged
 * per run and marketplace, so a real wave of delistings spread over days still comes through
 * listing by listing.
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
    any_removal: number;
    active_reads: number;
    controls_on_sale: number;
    seen_removals: number;
    negative_verdict: string | null;
    negative_reason: string | null;
    negative_rule: string | null;
    negative_answer: string | null;
    normal_share: number | null;
  }>(
    db,
    sql`with current as (
          select o.marketplace,
                 count(*) filter (where l.state in ('active', 'stale'))::int as previously_active,
                 count(*) filter (where l.state in ('active', 'stale') and o.verdict = 'delisted')::int as delisted_evidence,
                 count(*) filter (where o.verdict = 'delisted')::int as any_removal,
                 count(*) filter (where o.verdict = 'active')::int as active_reads,
                 count(*) filter (where o.verdict = 'delisted' and o.evidence->>'provenance' = 'seen')::int as seen_removals
          from observations o join listings l on l.id = o.listing_id
          where o.run_id = ${runId}
          group by o.marketplace)
        select c.*,
          (select count(*)::int from run_controls rc
            where rc.run_id = ${runId} and rc.marketplace = c.marketplace and rc.kind = 'positive'
              and rc.verdict = 'active') as controls_on_sale,
          n.verdict as negative_verdict, n.reason as negative_reason, n.matched_rule as negative_rule,
          n.answer as negative_answer,
          (select avg(h.delisted_evidence::float8 / h.previously_active) from (
            select h.delisted_evidence, h.previously_active from marketplace_health h
            where h.marketplace = c.marketplace and h.run_id < ${runId}
              and not h.held and not h.quarantined and h.previously_active > 0
            order by h.run_id desc limit ${config.normalWindowRuns}) h
          ) as normal_share
        from current c
        left join lateral (select rc.verdict, rc.reason, rc.matched_rule, rc.answer from run_controls rc
          where rc.run_id = ${runId} and rc.marketplace = c.marketplace and rc.kind = 'negative'
          order by rc.checked_at desc limit 1) n on true
        order by c.marketplace`,
  );
  return rows.map((row) => {
    const share = row.previously_active ? row.delisted_evidence / row.previously_active : 0;
    const normalShare = Number(row.normal_share ?? 0);
    const threshold = Math.min(1, Math.max(config.share, config.normalRateFactor * normalShare));
    const mass = row.delisted_evidence >= config.minListings && share >= threshold;
    const noControl = row.any_removal > 0 && row.active_reads === 0 && row.controls_on_sale === 0;
    const negativeControl = negativeControlOf(row);
    const unvouched = row.seen_removals > 0 && negativeControl !== 'recognised';
    return {
      marketplace: row.marketplace,
      previouslyActive: row.previously_active,
      delistedEvidence: row.delisted_evidence,
      share: round(share),
      normalShare: round(normalShare),
      threshold: round(threshold),
      activeReads: row.active_reads,
      controlsOnSale: row.controls_on_sale,
      seenRemovals: row.seen_removals,
      negativeControl,
      negativeAnswer: row.negative_answer,
      held: mass || noControl || unvouched,
      heldWhy: mass ? 'mass' : noControl ? 'no-control' : unvouched ? 'negative-control' : null,
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
      why: judgement.heldWhy,
      previouslyActive: judgement.previouslyActive,
      delistedEvidence: judgement.delistedEvidence,
      share: judgement.share,
      normalShare: judgement.normalShare,
      threshold: judgement.threshold,
      activeReads: judgement.activeReads,
      controlsOnSale: judgement.controlsOnSale,
      negativeControl: judgement.negativeControl,
      negativeAnswer: judgement.negativeAnswer,
      examples: examples.map(({ url, evidence }) => ({
        url,
        httpStatus: evidence.httpStatus ?? null,
        finalUrl: evidence.finalUrl ?? null,
        matchedRule: evidence.matchedRule ?? null,
        provenance: evidence.provenance ?? null,
      })),
      whatToDo:
        judgement.heldWhy === 'negative-control'
          ? 'Hôm nay địa chỉ kiểm tra (một sản phẩm không hề có) không nhận được trang "không tìm thấy" quen thuộc của sàn, nên các tin báo bị gỡ không được tính. Mở vài liên kết ví dụ: nếu sàn thật sự gỡ, xác nhận (confirm); nếu sàn đang lỗi hoặc bảo trì, bỏ qua (dismiss). Nếu sàn đã đổi trang "không tìm thấy", chạy ocop-monitor doctor để học lại. / Today the address no product has did not get the marketplace\'s usual not-found answer, so removals were not counted. Open a few examples: if the marketplace really removed them, confirm; if it is down or in maintenance, dismiss. If it changed its not-found page, run ocop-monitor doctor to learn it again.'
          : judgement.heldWhy === 'no-control'
            ? 'Lần kiểm tra này không đọc được sản phẩm nào của sàn đang bán, nên không phân biệt được gỡ bỏ với sàn lỗi. Mở vài liên kết ví dụ: nếu sàn thật sự gỡ, xác nhận (confirm); nếu không, bỏ qua (dismiss). / This run read nothing of this marketplace on sale, so a removal cannot be told from a broken site. Open a few examples: if the marketplace really removed them, confirm; otherwise, dismiss.'
            : 'Mở vài liên kết ví dụ: nếu sàn thật sự gỡ các sản phẩm này, xác nhận (confirm); nếu sàn đổi địa chỉ hoặc lỗi, bỏ qua (dismiss). / Open a few examples: if the marketplace really removed them, confirm; if it moved or broke, dismiss.',
    },
  };
}
