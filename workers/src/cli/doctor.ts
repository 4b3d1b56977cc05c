import {
  type AdapterContext,
  type CalibrationPage,
  checkFloorLayout,
  type FloorLayoutSuggestion,
  type ListingCard,
  type ListingRef,
  learnNotFoundAnswer,
  type MarketplaceAdapter,
  type Observation,
  resolveListingUrl,
  suggestFloorLayout,
} from '@ocop-monitor/adapters';
import { queryRows, STOCK_WORDS, say, vietnamDay, formatVnd as vnd } from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';
import { capturePages } from '../doctor/capture.ts';
import {
  countCards,
  FIELDS,
  judgeMarketplace,
  type MarketplaceDiagnosis,
  type NegativeControlReading,
} from '../doctor/judge-marketplace.ts';
import { RecordingClient } from '../doctor/recording-client.ts';
import { fetchCalibrationPages, floorYaml, readCapturedPages } from '../doctor/suggest-layout.ts';
import type { Runtime } from '../runtime.ts';
import { openConfiguredStore } from '../store-runtime.ts';
import { UsageError } from './usage-error.ts';

export interface DoctorOptions {
  marketplace?: string;
  sample: number;
  url?: string[];
  /** Product pages known to be removed: each must read removed by a seen rule. */
  removed?: string[];
  json?: boolean;
  capture?: string;
}

/** A shop page holds a few dozen cards; the doctor reads one page's worth, not the whole shop. */
const SHOP_CARDS = 60;

/**
 * The listings to read per marketplace: the given URLs (each matched to its adapter), or a sample
 * of the store's linked listings, those on sale first (they show whether pages read). Only reads.
 */
async function samples(runtime: Runtime, adapters: MarketplaceAdapter[], options: DoctorOptions) {
  const byMarketplace = new Map<string, Array<{ url: string; shopUrl: string | null }>>(
    adapters.map((a) => [a.id, []]),
  );
  const removed = new Map<string, string[]>(
    adapters.map((a) => [a.id, [...(runtime.config.monitor.removedSamples[a.id] ?? [])]]),
  );
  for (const url of options.removed ?? []) {
    const resolved = resolveListingUrl(adapters, url);
    if (!resolved) throw new UsageError(`--removed ${url} is not a product page of a configured marketplace`);
    removed.get(resolved.adapter.id)?.push(resolved.ref.url);
  }
  return { onSale: await onSaleSamples(runtime, adapters, options, byMarketplace), removed };
}

async function onSaleSamples(
  runtime: Runtime,
  adapters: MarketplaceAdapter[],
  options: DoctorOptions,
  byMarketplace: Map<string, Array<{ url: string; shopUrl: string | null }>>,
) {
  if (options.url?.length) {
    for (const url of options.url) {
      const resolved = resolveListingUrl(adapters, url);
      if (!resolved)
        throw new UsageError(
          `${url} is not a product page of a configured marketplace${options.marketplace ? ` (${options.marketplace})` : ''}`,
        );
      byMarketplace.get(resolved.adapter.id)?.push({ url: resolved.ref.url, shopUrl: null });
    }
    return byMarketplace;
  }
  const store = await openConfiguredStore(runtime.config);
  try {
    for (const adapter of adapters) {
      const rows = await queryRows<{ url: string; shop_url: string | null }>(
        store.db,
        sql`select url, shop_url from listings where marketplace = ${adapter.id} and state <> 'retired'
            order by (state = 'active') desc, md5(url) limit ${options.sample}`,
      );
      byMarketplace.set(
        adapter.id,
        rows.map((r) => ({ url: r.url, shopUrl: r.shop_url })),
      );
    }
  } finally {
    await store.close();
  }
  return byMarketplace;
}

/** One shop page's cards, where the adapter reads shops and a listing named its shop. */
async function readShop(adapter: MarketplaceAdapter, shopUrl: string | null, http: RecordingClient) {
  if (!adapter.listShop || !adapter.parseShopRef || !shopUrl) return null;
  const ref = adapter.parseShopRef(shopUrl);
  if (!ref) return null;
  const cards: ListingCard[] = [];
  try {
    for await (const card of adapter.listShop(ref, { http })) {
      cards.push(card);
      if (cards.length >= SHOP_CARDS) break;
    }
  } catch {
    // A shop page that cannot be read shows as no cards: the product pages still tell the verdict.
  }
  return countCards(shopUrl, cards);
}

function format(d: MarketplaceDiagnosis): string {
  const fields = FIELDS.map((f) => `${f} ${d.fields[f]}/${d.onSale}`).join(', ');
  const lines = [
    `${d.name} (${d.marketplace}): ${d.says}`,
    `  trang / pages ${d.pages}: đang bán / on sale ${d.onSale}, bị gỡ / removed ${d.removed}, bị chặn / blocked ${d.blocked}, không nhận ra / unrecognised ${d.unrecognised}, không kết nối / unreachable ${d.unreachable}; median ${d.medianLatencyMs ?? '—'} ms`,
    `  quy tắc / rules: ${d.rules.map((r) => `${r.rule} ×${r.pages}${r.provenance ? ` (${r.provenance})` : ''}`).join(', ') || '—'}`,
    `  trường đọc được / fields read: ${fields}${d.missingFields.length ? `; thiếu / missing: ${d.missingFields.join(', ')}` : ''}`,
  ];
  if (d.shop)
    lines.push(
      `  gian hàng / shop ${d.shop.url}: ${d.shop.cards} thẻ / cards, ${d.shop.withStock} ghi kho / with stock, ${d.shop.withSold} ghi đã bán / with sold`,
    );
  if (d.negativeControl)
    lines.push(
      `  địa chỉ không có sản phẩm / an address no product has: ${d.negativeControl.answer ?? '—'} · ${d.negativeControl.recognised ? 'đúng trang "không tìm thấy" đã lưu / the kept not-found answer' : 'chưa nhận ra / not recognised'}`,
    );
  for (const removed of d.removedSamples)
    lines.push(
      `  trang đã gỡ / removed sample ${removed.url}: ${removed.verdict} (${removed.rule}${removed.provenance ? `, ${removed.provenance}` : ''})`,
    );
  if (d.problems.length) lines.push('  cần sửa / to fix:', ...d.problems.map((p) => `    - ${p}`));
  if (d.assumedRemovalRules.length)
    lines.push(
      `  quy tắc gỡ chưa từng thấy trên trang thật / removal rules never seen live: ${d.assumedRemovalRules.join(', ')} (cán bộ xác nhận / a reviewer confirms)`,
    );
  return lines.join('\n');
}

/**
 * Reads a sample of each marketplace's pages through the polite client and judges whether the
 * adapters read them — before any alert reaches a reviewer. Never writes to the store.
 */
export async function diagnoseMarketplaces(runtime: Runtime, options: DoctorOptions): Promise<MarketplaceDiagnosis[]> {
  if (!Number.isInteger(options.sample) || options.sample < 1 || options.sample > 200)
    throw new UsageError('--sample is a number of pages per marketplace, 1 to 200');
  const adapters = runtime.adapters.filter((a) => !options.marketplace || a.id === options.marketplace);
  if (adapters.length === 0)
    throw new UsageError(
      `--marketplace ${options.marketplace} is not configured: ${runtime.adapters.map((a) => a.id).join(', ')}`,
    );
  const wanted = await samples(runtime, adapters, options);
  const diagnoses: MarketplaceDiagnosis[] = [];
  for (const adapter of adapters) {
    const http = new RecordingClient(runtime.http);
    const captured: Array<Parameters<typeof capturePages>[2][number]> = [];
    const ctx = { http, logger: runtime.logger };
    const checkAll = async (urls: readonly string[]) => {
      const observations: Observation[] = [];
      for (const url of urls) {
        const ref = adapter.parseRef(url);
        if (!ref) continue;
        const mark = http.pages.length;
        const observation = await adapter.check(ref, ctx);
        observations.push(observation);
        for (const page of http.since(mark))
          captured.push({ ...page, verdict: observation.verdict, rule: observation.evidence.matchedRule });
      }
      return observations;
    };
    const listings = wanted.onSale.get(adapter.id) ?? [];
    const observations = await checkAll(listings.map((l) => l.url));
    const removedChecks = await checkAll(wanted.removed.get(adapter.id) ?? []);
    const sample = [...listings.map((l) => l.url), ...(wanted.removed.get(adapter.id) ?? [])]
      .map((url) => adapter.parseRef(url))
      .find((ref) => ref !== null);
    let mark = http.pages.length;
    const negativeControl = sample ? await readNegativeControl(adapter, sample, ctx) : null;
    for (const page of http.since(mark))
      captured.push({ ...page, verdict: 'negative-control', rule: 'negative-control' });
    const shopUrl =
      listings.find((l) => l.shopUrl)?.shopUrl ??
      observations.flatMap((o) => (o.verdict === 'active' && o.data.shop?.url ? [o.data.shop.url] : []))[0] ??
      null;
    mark = http.pages.length;
    const shop = await readShop(adapter, shopUrl, http);
    for (const page of http.since(mark)) captured.push({ ...page, verdict: 'shop', rule: 'shop' });
    diagnoses.push(
      judgeMarketplace({
        marketplace: adapter.id,
        name: adapter.displayName,
        removalRules: adapter.removalRules,
        observations,
        removedChecks,
        negativeControl,
        declaredFields: adapter.capabilities.fields ?? ['title', 'price'],
        shop,
      }),
    );
    if (options.capture) {
      const folder = capturePages(options.capture, adapter.id, captured);
      process.stderr.write(`Đã lưu / captured ${captured.length} trang / pages: ${folder}\n`);
    }
  }
  return diagnoses;
}

/**
 * Asks the marketplace for an address no product has: recognised when its answer is one of the
 * kept not-found answers; otherwise asks twice more (`learnNotFoundAnswer`) for the answer a
 * person may keep, the same for any address — or says why there is none.
 */
async function readNegativeControl(
  adapter: MarketplaceAdapter,
  sample: ListingRef,
  ctx: AdapterContext,
): Promise<NegativeControlReading | null> {
  const seed = `doctor-${vietnamDay(new Date())}`;
  const ref = adapter.notFoundControl(sample, seed);
  if (!ref) return null;
  const control = await adapter.check(ref, ctx);
  const recognised = control.verdict === 'delisted' && control.evidence.matchedRule.endsWith('.not-found');
  const learned = recognised ? null : await learnNotFoundAnswer(adapter, sample, ctx, seed);
  return {
    url: ref.url,
    answer: control.evidence.answer ?? null,
    recognised,
    toKeep: learned?.answer
      ? { ...learned.answer, learnedFrom: `ocop-monitor doctor ${vietnamDay(new Date())}` }
      : null,
    why: learned?.why ?? null,
  };
}

/** `ocop-monitor doctor`: exit 0 when every marketplace checked is ready, 1 otherwise. */
export async function doctorCommand(runtime: Runtime, options: DoctorOptions): Promise<number> {
  const diagnoses = await diagnoseMarketplaces(runtime, options);
  process.stdout.write(
    options.json ? `${JSON.stringify(diagnoses, null, 2)}\n` : `${diagnoses.map(format).join('\n\n')}\n`,
  );
  return diagnoses.every((d) => d.verdict === 'ready') ? 0 : 1;
}

export interface SuggestLayoutOptions {
  /** A folder `--capture` wrote; absent: the pages are fetched from `url` and `removed`. */
  from?: string;
  marketplace?: string;
  url?: string[];
  removed?: string[];
  capture?: string;
  json?: boolean;
}

/**
 * `ocop-monitor doctor --suggest-layout [DIR]`: proposes a provincial floor's layout from a few
 * product pages on sale and one removed product — captured earlier (DIR) or fetched now (`--url`,
 * `--removed`) — prints it to copy, with the conformance kit's verdict on it. Exit 0 when every
 * case passes. Reads no store and changes no config: a person decides.
 */
export async function proposeFloorLayout(runtime: Runtime, options: SuggestLayoutOptions) {
  const configured = runtime.adapters.find((a) => a.id === options.marketplace);
  if (options.marketplace && !configured && !options.from)
    throw new UsageError(
      `--marketplace ${options.marketplace} is not configured: add the floor (id, displayName, baseUrl) to the config, or pass pages captured earlier as --suggest-layout DIR`,
    );
  let pages: CalibrationPage[];
  let control: CalibrationPage | undefined;
  let id: string;
  if (options.from) {
    const captured = readCapturedPages(options.from, options.marketplace);
    pages = captured.pages;
    control = captured.control;
    id = options.marketplace ?? captured.marketplace;
  } else {
    if (!configured)
      throw new UsageError('--suggest-layout without a folder needs --marketplace ID and the pages as --url');
    if (!options.url?.length) throw new UsageError('--suggest-layout needs a few product pages on sale as --url');
    ({ pages, control } = await fetchCalibrationPages(
      runtime.http,
      configured,
      [...options.url, ...(options.removed ?? [])],
      options.capture,
      options.url,
    ));
    id = configured.id;
  }
  if (!/^floor-[a-z0-9-]+$/u.test(id))
    throw new UsageError(`${id} is not a provincial floor id (floor-<province>): name it with --marketplace floor-…`);
  let suggestion: FloorLayoutSuggestion;
  try {
    suggestion = suggestFloorLayout(pages, {
      ...(options.removed ? { removed: options.removed } : {}),
      ...(control ? { control } : {}),
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const floor = {
    id,
    // A floor configured already keeps its name; one known only from its folder is named by its id.
    displayName: runtime.adapters.find((a) => a.id === id)?.displayName ?? id,
    baseUrl: new URL(suggestion.productPages[0]?.url ?? pages[0]?.url ?? 'http://localhost').origin,
  };
  return { suggestion, floor, results: await checkFloorLayout(suggestion, floor) };
}

/** `ocop-monitor doctor --suggest-layout [DIR]`: the proposal printed to copy; exit 0 when the kit passes on it. */
export async function suggestLayoutCommand(runtime: Runtime, options: SuggestLayoutOptions): Promise<number> {
  const { suggestion, floor, results } = await proposeFloorLayout(runtime, options);
  const { id } = floor;
  const passed = results.filter((r) => r.passed).length;
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify(
        {
          floor: { ...floor, soldCount: suggestion.soldCount, layout: suggestion.layout },
          productPages: suggestion.productPages.map(({ page: _, ...read }) => read),
          removedPage: suggestion.removedPage && {
            url: suggestion.removedPage.page.url,
            shown: suggestion.removedPage.shown,
            phrase: suggestion.removedPage.phrase,
          },
          ignored: suggestion.ignored,
          notes: suggestion.notes,
          conformance: results,
        },
        null,
        2,
      )}\n`,
    );
    return passed === results.length ? 0 : 1;
  }
  const lines = [
    `Bố cục đề xuất cho / proposed layout for ${id}: ${suggestion.productPages.length} trang đang bán / pages on sale, ${suggestion.removedPage ? 1 : 0} trang đã gỡ / removed`,
    '',
    '# Chép vào cấu hình sàn (marketplaces.floors) sau khi xem lại / copy into the floor config after reading it',
    floorYaml(suggestion, floor).trimEnd(),
    '',
    'Mỗi trang đọc được / what each page reads:',
    ...suggestion.productPages.map(
      (p) =>
        `  ${p.url}: "${p.title}", ${vnd(p.price)}, ${p.sold === null ? 'không ghi đã bán / no sold count' : `đã bán / sold ${p.sold}`}, ${say(STOCK_WORDS, p.stock, 'vi')} / ${say(STOCK_WORDS, p.stock, 'en')}`,
    ),
    ...(suggestion.removedPage
      ? [
          `  ${suggestion.removedPage.page.url}: ${suggestion.removedPage.shown ? `bị gỡ / removed (${suggestion.removedPage.shown}${suggestion.removedPage.phrase ? `: "${suggestion.removedPage.phrase}"` : ''})` : 'không đọc được là bị gỡ / not read as removed'}`,
        ]
      : []),
    ...suggestion.ignored.map(
      (url) => `  ${url}: bỏ qua / left out (không phải sản phẩm đang bán / not a product on sale)`,
    ),
    '',
    `Bộ kiểm tra chuẩn / conformance kit: ${passed}/${results.length} đạt / passed`,
    ...results.filter((r) => !r.passed).map((r) => `  ✗ ${r.name}: ${r.problems.join('; ')}`),
    ...(suggestion.notes.length
      ? ['', 'Cần người xem / for a person to check:', ...suggestion.notes.map((n) => `  - ${n}`)]
      : []),
    ...(suggestion.removedPage?.shown && suggestion.removedPage.shown !== 'redirect'
      ? [
          '',
          `Quy tắc gỡ đề xuất là "đã thấy" vì trang đã gỡ được lưu lại: giữ trang này trong fixtures của sàn / The removal rule is proposed as seen because the removed page was captured: keep it with the floor's fixtures (capturedRoutes)`,
        ]
      : []),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return passed === results.length ? 0 : 1;
}
