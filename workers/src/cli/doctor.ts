import { type ListingCard, type MarketplaceAdapter, type Observation, resolveListingUrl } from '@ocop-monitor/adapters';
import { queryRows } from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';
import { capturePages } from '../doctor/capture.ts';
import { countCards, FIELDS, judgeMarketplace, type MarketplaceDiagnosis } from '../doctor/judge-marketplace.ts';
import { RecordingClient } from '../doctor/recording-client.ts';
import type { Runtime } from '../runtime.ts';
import { openConfiguredStore } from '../store-runtime.ts';
import { UsageError } from './usage-error.ts';

export interface DoctorOptions {
  marketplace?: string;
  sample: number;
  url?: string[];
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
    const observations: Observation[] = [];
    const captured: Array<Parameters<typeof capturePages>[2][number]> = [];
    for (const listing of wanted.get(adapter.id) ?? []) {
      const ref = adapter.parseRef(listing.url);
      if (!ref) continue;
      const mark = http.pages.length;
      const observation = await adapter.check(ref, { http, logger: runtime.logger });
      observations.push(observation);
      for (const page of http.since(mark))
        captured.push({ ...page, verdict: observation.verdict, rule: observation.evidence.matchedRule });
    }
    const shopUrl =
      (wanted.get(adapter.id) ?? []).find((l) => l.shopUrl)?.shopUrl ??
      observations.flatMap((o) => (o.verdict === 'active' && o.data.shop?.url ? [o.data.shop.url] : []))[0] ??
      null;
    const mark = http.pages.length;
    const shop = await readShop(adapter, shopUrl, http);
    for (const page of http.since(mark)) captured.push({ ...page, verdict: 'shop', rule: 'shop' });
    diagnoses.push(
      judgeMarketplace({
        marketplace: adapter.id,
        name: adapter.displayName,
        removalRules: adapter.removalRules,
        observations,
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

/** `ocop-monitor doctor`: exit 0 when every marketplace checked is ready, 1 otherwise. */
export async function doctorCommand(runtime: Runtime, options: DoctorOptions): Promise<number> {
  const diagnoses = await diagnoseMarketplaces(runtime, options);
  process.stdout.write(
    options.json ? `${JSON.stringify(diagnoses, null, 2)}\n` : `${diagnoses.map(format).join('\n\n')}\n`,
  );
  return diagnoses.every((d) => d.verdict === 'ready') ? 0 : 1;
}
