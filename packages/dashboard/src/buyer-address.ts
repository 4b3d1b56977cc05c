/**
 * The address a buyer would open for a listing. Tiki is read through its product API
 * (`/api/v2/products/<ID>?spid=<SPID>`), an address that shows JSON to a person: the product page
 * `/p<ID>.html?spid=<SPID>` on the shop's own host is what a clerk can open and compare.
 */
export function buyerAddress(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  const api = /^\/api\/v2\/products\/(\d+)\/?$/u.exec(parsed.pathname);
  if (!api) return url;
  const spid = parsed.searchParams.get('spid');
  const host = parsed.host.replace(/^api\./u, '');
  return `${parsed.protocol}//${host}/p${api[1]}.html${spid ? `?spid=${encodeURIComponent(spid)}` : ''}`;
}
