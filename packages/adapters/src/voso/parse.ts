import { z } from 'zod';
import type { PageReading } from '../check-page.ts';
import { containerText, loadHtml } from '../html.ts';
import type { ListingData } from '../observation.ts';
import { toNfc } from '../text/normalize.ts';
import { matchRemovalNotice } from '../text/phrases.ts';
import { VOSO_LAYOUT } from './options.ts';

/** The fields of voso's embedded `var product = {...}` record that decide a verdict. */
const vosoProductRecordSchema = z.looseObject({
  id: z.number().int(),
  merchantId: z.number().int(),
  name: z.string().min(1),
  price: z.number().nonnegative(),
  listPrice: z.number().nonnegative().nullish(),
  reject: z.number().int(),
  activated: z.number().int(),
  available: z.number().int(),
  // The visible "Đã bán 6" equals `sold`; `buyCount` (243 on the same page) is something else.
  sold: z.number().int().nonnegative(),
  isOCOP: z.number().int().nullish(),
  ratingOCOP: z.number().int().nullish(),
});
type VosoProductRecord = z.infer<typeof vosoProductRecordSchema>;

/** The raw embedded record, or null when the page has none. Throws when it is there but broken. */
function extractVosoProductRecord(html: string): unknown | null {
  const start = html.indexOf(VOSO_LAYOUT.productRecordPrefix);
  if (start === -1) return null;
  const from = start + VOSO_LAYOUT.productRecordPrefix.length;
  const end = html.indexOf('\n', from);
  const line = html.slice(from, end === -1 ? undefined : end).trim();
  return JSON.parse(line.endsWith(';') ? line.slice(0, -1) : line);
}

function toListingData(
  record: VosoProductRecord,
  html: string,
  shopUrlOf: (href: string) => string | null,
): ListingData {
  const stars = record.ratingOCOP ?? 0;
  const shopName = VOSO_LAYOUT.shopName.exec(html)?.[1];
  const shopHref = VOSO_LAYOUT.shopLink.exec(html)?.[1];
  return {
    title: toNfc(record.name).trim(),
    // A price of 0 is no price ("Liên hệ"), never 0 ₫.
    price: record.price > 0 ? Math.round(record.price) : null,
    listPrice: record.listPrice ? Math.round(record.listPrice) : null,
    sold: { value: record.sold, approximate: false, raw: `sold=${record.sold}` },
    // "Hết hàng" markup is in every voso page and toggled by script: only `available` tells.
    stock: record.available === 1 ? 'in_stock' : record.available === 0 ? 'out_of_stock' : 'unknown',
    isOcop: record.isOCOP === 1,
    ocopStars: record.isOCOP === 1 && stars >= 3 && stars <= 5 ? stars : null,
    shop: {
      id: String(record.merchantId),
      name: shopName ? toNfc(shopName) : null,
      // The shop's own page, where the page links it and the link is a voso shop address.
      url: shopHref ? shopUrlOf(shopHref) : null,
    },
  };
}

/** Reads a voso product page (status 200) for listing `itemId`. */
export function readVosoProductPage(
  html: string,
  itemId: string,
  shopUrlOf: (href: string) => string | null = () => null,
): PageReading {
  const raw = extractVosoProductRecord(html);
  if (raw === null) {
    const text = containerText(loadHtml(html), VOSO_LAYOUT.removalContainer);
    const phrase = text === null ? null : matchRemovalNotice(text);
    if (phrase)
      return {
        verdict: 'delisted',
        reason: 'removal_message',
        rule: 'voso.removal-message',
        provenance: 'assumed',
        detail: phrase,
      };
    return { verdict: 'unknown', reason: 'parse_failed', rule: 'voso.record-missing' };
  }
  const parsed = vosoProductRecordSchema.safeParse(raw);
  if (!parsed.success) {
    return { verdict: 'unknown', reason: 'parse_failed', rule: 'voso.record-schema', detail: parsed.error.message };
  }
  const record = parsed.data;
  if (String(record.id) !== itemId) {
    return {
      verdict: 'unknown',
      reason: 'unexpected',
      rule: 'voso.record-other-product',
      detail: `page is product ${record.id}`,
    };
  }
  // MARKETPLACES.md: likely, not seen — the 2021 capture shows a listing on sale only.
  if (record.reject === 1)
    return { verdict: 'delisted', reason: 'marketplace_state', rule: 'voso.record.reject=1', provenance: 'assumed' };
  if (record.activated === 0)
    return { verdict: 'delisted', reason: 'marketplace_state', rule: 'voso.record.activated=0', provenance: 'assumed' };
  return { verdict: 'active', data: toListingData(record, html, shopUrlOf), rule: 'voso.record' };
}
