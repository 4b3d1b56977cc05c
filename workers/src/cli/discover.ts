import {
  acceptProposal,
  discoverListings,
  formatNumber,
  listProposals,
  ProposalError,
  proposeConsentingShopItems,
  rejectProposal,
  type ShopItemProposals,
  sellerTokenKey,
} from '@ocop-monitor/monitor';
import type { Runtime } from '../runtime.ts';
import { openConfiguredStore } from '../store-runtime.ts';
import { UsageError } from './usage-error.ts';

const STATES = ['proposed', 'accepted', 'rejected'];

/** `discover [--marketplace M] [--min-score S] [--json]`: search the marketplaces for products without a listing there. */
export async function discoverCommand(
  runtime: Runtime,
  options: { marketplace?: string; minScore?: string; json?: boolean },
): Promise<number> {
  const minScore = options.minScore === undefined ? runtime.config.discovery.minScore : Number(options.minScore);
  if (!(minScore > 0 && minScore <= 1)) throw new UsageError('--min-score is a number above 0 and at most 1');
  const searchable = runtime.adapters.filter((a) => a.capabilities.search).map((a) => a.id);
  if (options.marketplace && !searchable.includes(options.marketplace))
    throw new UsageError(`--marketplace is one that can be searched: ${searchable.join(', ') || 'none configured'}`);
  const store = await openConfiguredStore(runtime.config);
  try {
    const summary = await discoverListings(store.db, runtime.adapters, runtime.http, {
      now: new Date(),
      minScore,
      marketplaces: options.marketplace ? [options.marketplace] : undefined,
      logger: runtime.logger,
    });
    // Consenting shops' items not yet linked, from their own records (open platforms that list them).
    const key = runtime.config.sellers.tokenKey ? sellerTokenKey(runtime.config.sellers.tokenKey) : null;
    const shops: Record<string, ShopItemProposals> = {};
    for (const source of runtime.sellerSources.filter((s) => s.listItems)) {
      if (options.marketplace || !key) break;
      shops[source.marketplace] = await proposeConsentingShopItems(store.db, {
        source,
        key,
        http: runtime.http,
        now: new Date(),
        minScore,
        logger: runtime.logger,
      });
    }
    if (options.json) process.stdout.write(`${JSON.stringify({ ...summary, consentingShops: shops }, null, 2)}\n`);
    else {
      process.stdout.write(
        `Tìm tin đăng / discovery on ${searchable.join(', ')}: ${summary.searches} lượt tìm / searches, ${summary.candidates} kết quả / candidates, ` +
          `${summary.proposed} đề xuất mới / new proposals (score ≥ ${minScore}), ${summary.failed} lỗi / failed\n` +
          `  Xem và duyệt / review: ocop-monitor listings proposals; ocop-monitor listings accept|reject <id> --by <name>\n`,
      );
      for (const problem of summary.problems) process.stdout.write(`  ! ${problem}\n`);
      for (const [marketplace, found] of Object.entries(shops))
        process.stdout.write(
          `Gian hàng đã đồng ý / consenting shops on ${marketplace}: ${found.shops} shops, ${found.unlinked} sản phẩm chưa liên kết / items not linked, ` +
            `${found.proposed} đề xuất mới / new proposals, ${found.failed} lỗi / failed\n`,
        );
    }
    return summary.failed > 0 || Object.values(shops).some((found) => found.failed > 0) ? 1 : 0;
  } finally {
    await store.close();
  }
}

/** `listings proposals [--state S] [--json]`. */
export async function proposalsCommand(runtime: Runtime, options: { state?: string; json?: boolean }): Promise<void> {
  const state = options.state ?? 'proposed';
  if (!STATES.includes(state)) throw new UsageError(`--state is one of ${STATES.join(', ')}`);
  const store = await openConfiguredStore(runtime.config);
  try {
    const rows = await listProposals(store.db, { state });
    if (options.json) {
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return;
    }
    if (rows.length === 0) process.stdout.write(`Không có đề xuất / no proposals (${state})\n`);
    for (const row of rows)
      process.stdout.write(
        `#${row.id}  ${formatNumber(row.score, 2)}  ${row.product}  ←  ${row.marketplace}: ${row.title}${row.shopName ? ` (${row.shopName})` : ''}\n      ${row.url}  ${JSON.stringify(row.reasons)}\n`,
      );
  } finally {
    await store.close();
  }
}

/** `listings accept|reject <id…> --by <name>`: a person's decision on proposals. */
export async function decideCommand(
  runtime: Runtime,
  decision: 'accept' | 'reject',
  ids: string[],
  options: { by?: string },
): Promise<void> {
  if (!options.by) throw new UsageError('--by <name> says who decided (it is kept with the decision)');
  const numbers = ids.map((id) => Number(id));
  if (numbers.some((n) => !Number.isInteger(n) || n <= 0))
    throw new UsageError('proposal ids are positive whole numbers');
  const store = await openConfiguredStore(runtime.config);
  try {
    for (const id of numbers) {
      try {
        if (decision === 'accept') await acceptProposal(store.db, id, options.by, new Date(), runtime.adapters);
        else await rejectProposal(store.db, id, options.by, new Date());
        process.stdout.write(
          `#${id}: ${decision === 'accept' ? 'đã liên kết / linked (checked from the next run)' : 'đã loại / rejected (never proposed again)'}\n`,
        );
      } catch (error) {
        if (error instanceof ProposalError) throw new UsageError(`#${id}: ${error.message}`);
        throw error;
      }
    }
  } finally {
    await store.close();
  }
}
