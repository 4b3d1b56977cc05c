import { BaseUrl } from '../base-url.ts';
import { detectChallenge } from '../challenge.ts';
import { checkPage } from '../check-page.ts';
import type {
  AdapterCapabilities,
  AdapterContext,
  ListingCard,
  ListingRef,
  MarketplaceAdapter,
  ShopRef,
} from '../contract.ts';
import { OcopError } from '../errors.ts';
import type { HtmlListingLayout } from './layout.ts';
import { readHtmlCards } from './read-cards.ts';
import { readHtmlProductPage } from './read-product.ts';

export interface HtmlAdapterSpec {
  id: string;
  displayName: string;
  baseUrl: string;
  layout: HtmlListingLayout;
  soldCount: AdapterCapabilities['soldCount'];
  maxShopPages: number;
}

/** An adapter for a marketplace whose product pages are HTML described by a layout. */
export function createHtmlListingAdapter(spec: HtmlAdapterSpec): MarketplaceAdapter {
  const { id, layout } = spec;
  const base = new BaseUrl(spec.baseUrl);
  const productPaths = layout.productPaths.map((source) => new RegExp(source, 'u'));
  const shopPath = layout.shopPath ? new RegExp(layout.shopPath, 'u') : null;
  const removalRedirects = layout.removalRedirectPaths.map((source) => new RegExp(source, 'u'));

  const parseRef = (url: string): ListingRef | null => {
    for (const pattern of productPaths) {
      const match = base.matchPath(url, pattern);
      const itemId = match?.groups?.id;
      if (match && itemId) return { marketplace: id, itemId, shopId: null, url: base.url(match[0]) };
    }
    return null;
  };

  const parseShopRef = (url: string): ShopRef | null => {
    const match = shopPath ? base.matchPath(url, shopPath) : null;
    const shopId = match?.groups?.id;
    return match && shopId ? { marketplace: id, shopId, url: base.url(match[0]) } : null;
  };

  const cardLayout = layout.cards;
  const canListShops = Boolean(shopPath && cardLayout);
  /** The shop page a product page links to; an odd link is no reason to doubt the page. */
  const shopUrlOf = (href: string, pageUrl: string): string | null => {
    if (!canListShops || !URL.canParse(href, pageUrl)) return null;
    return parseShopRef(new URL(href, pageUrl).href)?.url ?? null;
  };
  async function* listShop(shop: ShopRef, ctx: AdapterContext): AsyncIterable<ListingCard> {
    if (!cardLayout) return;
    let pageUrl: string | null = shop.url;
    for (let page = 0; pageUrl && page < spec.maxShopPages; page += 1) {
      const response = await ctx.http.get(pageUrl, ctx.signal ? { signal: ctx.signal } : {});
      if (response.status !== 200) {
        throw new OcopError('UNEXPECTED_RESPONSE', `${id} shop page ${pageUrl} answered HTTP ${response.status}`);
      }
      // A challenge served with 200 has no cards: say so, rather than end the shop as if empty.
      const challenge = detectChallenge(response.body);
      if (challenge)
        throw new OcopError('UNEXPECTED_RESPONSE', `${id} shop page ${pageUrl} is a challenge (${challenge})`);
      const { cards, nextUrl } = readHtmlCards(response.body, response.finalUrl, cardLayout, parseRef);
      for (const card of cards) yield { ...card, ref: { ...card.ref, shopId: shop.shopId } };
      if (cards.length === 0) return;
      pageUrl = nextUrl;
    }
  }

  return {
    id,
    displayName: spec.displayName,
    hosts: [base.host],
    capabilities: {
      listShop: canListShops,
      // Cards stand in for pages only when they tell the stock, and the sold count where sales are counted.
      cardsStandIn:
        canListShops && Boolean(cardLayout?.stock) && (spec.soldCount === 'none' || Boolean(cardLayout?.sold)),
      soldCount: spec.soldCount,
      ocopBadge: layout.ocop !== undefined,
    },
    parseRef,
    ...(canListShops ? { parseShopRef, listShop } : {}),
    check: (ref, ctx) =>
      checkPage(
        id,
        {
          ref,
          url: ref.url,
          read: (response) =>
            readHtmlProductPage(response.body, layout, ref.itemId, id, (href) => shopUrlOf(href, response.finalUrl)),
          removalRedirect: (finalUrl) =>
            removalRedirects.some((path) => path.test(finalUrl.pathname))
              ? `${id}.redirect:${finalUrl.pathname}`
              : null,
        },
        ctx,
      ),
  };
}
