import { BaseUrl } from '../base-url.ts';
import { checkPage, notFoundRule } from '../check-page.ts';
import type {
  AdapterCapabilities,
  AdapterContext,
  ListingCard,
  ListingRef,
  MarketplaceAdapter,
  RemovalRule,
  ShopRef,
} from '../contract.ts';
import { controlPath, controlTokens } from '../not-found/control-address.ts';
import type { Provenance } from '../observation.ts';
import { fetchShopPage } from '../shop-page.ts';
import type { HtmlListingLayout, HtmlRemovalRule } from './layout.ts';
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

const RULE_WHAT: Record<HtmlRemovalRule, string> = {
  notice: 'a removal notice (not a temporary or partial one) in the product page’s notice area',
  message: 'a removal notice inside the product container of a page that shows no product',
  jsonld: 'JSON-LD availability Discontinued on the product’s own page',
  redirect: 'a same-host redirect to a removal target of the site, with no return address, landing on an ordinary page',
};

/** An adapter for a marketplace whose product pages are HTML described by a layout. */
export function createHtmlListingAdapter(spec: HtmlAdapterSpec): MarketplaceAdapter {
  const { id, layout } = spec;
  const base = new BaseUrl(spec.baseUrl);
  const productPaths = layout.productPaths.map((source) => new RegExp(source, 'u'));
  const shopPath = layout.shopPath ? new RegExp(layout.shopPath, 'u') : null;
  const removalRedirects = layout.removalRedirectPaths.map((source) => new RegExp(source, 'u'));
  const seen = new Set(layout.seenRemovalRules);
  const provenance = (rule: HtmlRemovalRule): Provenance => (seen.has(rule) ? 'seen' : 'assumed');

  const matchProduct = (url: string) => {
    for (const pattern of productPaths) {
      const match = base.matchPath(url, pattern);
      const itemId = match?.groups?.id;
      if (match && itemId) return { match, pattern, itemId, slug: match.groups?.slug ?? null };
    }
    return null;
  };

  const parseRef = (url: string): ListingRef | null => {
    const found = matchProduct(url);
    return found ? { marketplace: id, itemId: found.itemId, shopId: null, url: base.url(found.match[0]) } : null;
  };
  const productOf = (url: string) => {
    const found = matchProduct(url);
    return found ? { itemId: found.itemId, slug: found.slug, url: base.url(found.match[0]) } : null;
  };
  /** The sample listing's address with its id (and slug) replaced by words no product has. */
  const notFoundControl = (sample: ListingRef, seed: string): ListingRef | null => {
    const found = matchProduct(sample.url);
    if (!found) return null;
    const path = controlPath(found.match[0], found.pattern, controlTokens(`${id} ${seed}`));
    return path ? parseRef(base.url(path)) : null;
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
      const response = await fetchShopPage(id, shop, pageUrl, parseShopRef, ctx);
      const { cards, nextUrl } = readHtmlCards(response.body, response.finalUrl, cardLayout, parseRef);
      for (const card of cards) yield { ...card, ref: { ...card.ref, shopId: shop.shopId } };
      if (cards.length === 0) return;
      pageUrl = nextUrl;
    }
  }

  const removalRules: RemovalRule[] = [
    ...notFoundRule(id, layout.notFoundAnswers),
    { rule: `${id}.notice`, provenance: provenance('notice'), what: RULE_WHAT.notice },
    { rule: `${id}.message`, provenance: provenance('message'), what: RULE_WHAT.message },
    { rule: `${id}.jsonld.availability=Discontinued`, provenance: provenance('jsonld'), what: RULE_WHAT.jsonld },
    ...(removalRedirects.length
      ? [{ rule: `${id}.redirect`, provenance: provenance('redirect'), what: RULE_WHAT.redirect }]
      : []),
  ];

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
      // What the layout names a selector for is what each page on sale must show; a sold count
      // only where the site counts every sale (a page with none may show nothing otherwise).
      fields: [
        'title',
        'price',
        ...(layout.sold && spec.soldCount === 'exact' ? (['sold'] as const) : []),
        ...(layout.stock ? (['stock'] as const) : []),
        ...(layout.shopLink ? (['shop'] as const) : []),
        ...(layout.ocop ? (['stars'] as const) : []),
      ],
    },
    removalRules,
    notFoundAnswers: layout.notFoundAnswers,
    notFoundControl,
    parseRef,
    ...(canListShops ? { parseShopRef, listShop } : {}),
    check: (ref, ctx) =>
      checkPage(
        id,
        {
          ref,
          url: ref.url,
          productOf,
          notFound: { rule: `${id}.not-found`, answers: layout.notFoundAnswers },
          read: (response, itemId) =>
            readHtmlProductPage(response.body, layout, {
              itemId,
              listingPath: new URL(ref.url).pathname,
              rulePrefix: id,
              provenance,
              refOf: (href) =>
                URL.canParse(href, response.finalUrl) ? matchProduct(new URL(href, response.finalUrl).href) : null,
              shopUrlOf: (href) => shopUrlOf(href, response.finalUrl),
            }),
          removalRedirect: (finalUrl) =>
            removalRedirects.some((path) => path.test(finalUrl.pathname))
              ? { rule: `${id}.redirect`, provenance: provenance('redirect') }
              : null,
        },
        ctx,
      ),
  };
}
