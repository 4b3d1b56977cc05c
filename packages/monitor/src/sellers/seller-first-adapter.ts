import type { MarketplaceAdapter, SellerSource, SellerTokens } from '@ocop-monitor/adapters';

/**
 * A marketplace's buyer-page adapter with its open platform in front: a listing whose shop
 * consented is read from the seller's own record (provenance `authoritative`); any other listing —
 * no consent, consent withdrawn, tokens that could not be refreshed — is read from its page, as
 * before. Everything else (addresses, rules, controls) is the page adapter's.
 */
export function sellerFirstAdapter(
  page: MarketplaceAdapter,
  seller: {
    source: SellerSource;
    /** The shop of a listing, from its address or reference; null when it does not tell. */
    shopOf(ref: { url: string; shopId: string | null }): string | null;
    /** `now`: the run's clock, against which tokens are judged (and refreshed) — the check's own. */
    tokensFor(shopId: string, now?: Date): Promise<SellerTokens | null>;
  },
): MarketplaceAdapter {
  return {
    ...page,
    hosts: [...new Set([...page.hosts, ...seller.source.hosts])],
    async check(ref, ctx) {
      const shopId = seller.shopOf(ref);
      const tokens = shopId ? await seller.tokensFor(shopId, ctx.now?.()) : null;
      if (!shopId || !tokens) return page.check(ref, ctx);
      return seller.source.readItem({ marketplace: page.id, shopId, itemId: ref.itemId, url: ref.url }, tokens, ctx);
    },
  };
}

/** The shop of a Shopee listing address: `/…-i.<shop>.<item>` or `/product/<shop>/<item>`. */
export function shopeeShopOf(ref: { url: string; shopId: string | null }): string | null {
  if (ref.shopId) return ref.shopId;
  try {
    const path = new URL(ref.url).pathname;
    return /-i\.(\d+)\.\d+$/u.exec(path)?.[1] ?? /^\/product\/(\d+)\/\d+$/u.exec(path)?.[1] ?? null;
  } catch {
    return null;
  }
}
