import type { AdapterContext, ShopRef } from './contract.ts';
import { OcopError } from './errors.ts';
import type { HttpResponse } from './http/types.ts';
import { detectBlockPage } from './landing-page.ts';

/**
 * One page of a shop, only when it verifiably is that shop's page: HTTP 200, no challenge or
 * firewall page, and an address (after redirects) that is this shop's. A shop URL bounced to the
 * home page would otherwise let the home page's cards pass for the shop's.
 */
export async function fetchShopPage(
  marketplace: string,
  shop: ShopRef,
  pageUrl: string,
  parseShopRef: (url: string) => ShopRef | null,
  ctx: AdapterContext,
): Promise<HttpResponse> {
  const response = await ctx.http.get(pageUrl, ctx.signal ? { signal: ctx.signal } : {});
  if (response.status !== 200) {
    throw new OcopError('UNEXPECTED_RESPONSE', `${marketplace} shop page ${pageUrl} answered HTTP ${response.status}`);
  }
  const block = detectBlockPage(response.body);
  if (block)
    throw new OcopError('UNEXPECTED_RESPONSE', `${marketplace} shop page ${pageUrl} is a challenge (${block})`);
  if (parseShopRef(response.finalUrl)?.shopId !== shop.shopId) {
    throw new OcopError(
      'UNEXPECTED_RESPONSE',
      `${marketplace} shop page ${pageUrl} was redirected to ${response.finalUrl}, which is not that shop's page`,
    );
  }
  return response;
}
