import type { Listing } from '../world/types.ts';

export interface SiteResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const html = (body: string, status = 200): SiteResponse => ({
  status,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body,
});
export const json = (value: unknown, status = 200): SiteResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(value),
});
export const redirect = (location: string, status = 302): SiteResponse => ({ status, headers: { location }, body: '' });

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/gu, (char) => `&#${char.charCodeAt(0)};`);
}

/** The title as the seller typed it: some sellers' tools store decomposed (NFD) Vietnamese. */
export function shownTitle(listing: Listing): string {
  return listing.decomposedTitle ? listing.title.normalize('NFD') : listing.title;
}

/** "56,000" (voso) or "100.000" (postmart, floors): both separator styles exist in the wild. */
export function groupThousands(amount: number, separator: ',' | '.'): string {
  return String(amount).replace(/\B(?=(\d{3})+(?!\d))/gu, separator);
}

/** How marketplaces round big sold counts: "1,2k", "10k+" — always rounded down. */
export function roundedSoldLabel(sold: number): string {
  if (sold < 1_000) return String(sold);
  if (sold >= 10_000) return `${Math.floor(sold / 10_000) * 10}k+`;
  return `${String(Math.floor(sold / 100) / 10).replace('.', ',')}k`;
}

/** Words that make a product page the size of a real one (a description, policies). */
export const FILLER = Array.from(
  { length: 40 },
  (_, i) =>
    `<p>Sản phẩm OCOP được kiểm định chất lượng, đóng gói theo tiêu chuẩn, giao hàng toàn quốc qua Bưu điện. Mục ${i + 1}.</p>`,
).join('\n');

export const ROBOTS_TXT = 'User-agent: *\nDisallow: /gio-hang\nDisallow: /thanh-toan\n';
