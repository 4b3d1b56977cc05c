import { BaseUrl } from '../base-url.ts';
import { checkPage, notFoundRule } from '../check-page.ts';
import type { AdapterContext, ListingCard, ListingRef, MarketplaceAdapter, RemovalRule, ShopRef } from '../contract.ts';
import { OcopError } from '../errors.ts';
import { controlTokens } from '../not-found/control-address.ts';
import { fetchShopPage } from '../shop-page.ts';
import { readVosoCards } from './cards.ts';
import { VOSO_LAYOUT, type VosoOptions, vosoOptionsSchema } from './options.ts';
import { readVosoProductPage } from './parse.ts';

/** The ways voso reads a removal besides its own not-found answer: all assumed (one page on sale was ever captured). */
const VOSO_REMOVAL_RULES: readonly RemovalRule[] = [
  { rule: 'voso.record.reject=1', provenance: 'assumed', what: 'the embedded product record says reject: 1' },
  { rule: 'voso.record.activated=0', provenance: 'assumed', what: 'the embedded product record says activated: 0' },
  {
    rule: 'voso.removal-message',
    provenance: 'assumed',
    what: 'a page with no product record whose product box holds a removal notice',
  },
  {
    rule: 'voso.redirect',
    provenance: 'assumed',
    what: 'a same-host redirect to the home or search page, with no return address, landing on an ordinary page',
  },
];

/** voso.vn (Viettel Post): the product record embedded in the page; shop and category cards. */
export function createVosoAdapter(options: VosoOptions = {}): MarketplaceAdapter {
  const { id, baseUrl, maxShopPages, notFoundAnswers } = vosoOptionsSchema.parse(options);
  const base = new BaseUrl(baseUrl);

  const productOf = (url: string) => {
    const match = base.matchPath(url, VOSO_LAYOUT.productPath);
    if (!match) return null;
    const [, slug = '', itemId = ''] = match;
    return { itemId, slug, url: base.url(`/${slug}-p${itemId}.html`) };
  };
  const parseRef = (url: string): ListingRef | null => {
    const product = productOf(url);
    return product ? { marketplace: id, itemId: product.itemId, shopId: null, url: product.url } : null;
  };

  const parseShopRef = (url: string): ShopRef | null => {
    const match = base.matchPath(url, VOSO_LAYOUT.shopPath);
    if (!match) return null;
    const [, slug, shopId = ''] = match;
    return { marketplace: id, shopId, url: base.url(`/${slug}-s${shopId}`) };
  };

  async function* listShop(shop: ShopRef, ctx: AdapterContext): AsyncIterable<ListingCard> {
    let pageUrl: string | null = shop.url;
    for (let page = 0; pageUrl && page < maxShopPages; page += 1) {
      const response = await fetchShopPage(id, shop, pageUrl, parseShopRef, ctx);
      const { cards, nextUrl } = readVosoCards(response.body, response.finalUrl, parseRef);
      for (const card of cards) yield { ...card, ref: { ...card.ref, shopId: shop.shopId } };
      if (cards.length === 0) return;
      pageUrl = nextUrl;
    }
  }

  /** Seen: voso's search page `/tim-kiem-dac-san?qqq=`, whose results are the same cards as shop pages. */
  async function* search(query: string, ctx: AdapterContext): AsyncIterable<ListingCard> {
    const url = base.url(`/tim-kiem-dac-san?qqq=${encodeURIComponent(query.normalize('NFC'))}`);
    const response = await ctx.http.get(url, ctx.signal ? { signal: ctx.signal } : {});
    if (response.status !== 200)
      throw new OcopError('UNEXPECTED_RESPONSE', `voso search ${url} answered HTTP ${response.status}`);
    yield* readVosoCards(response.body, response.finalUrl, parseRef).cards;
  }

  return {
    id,
    displayName: 'voso.vn',
    hosts: [base.host],
    capabilities: { listShop: true, search: true, soldCount: 'exact', ocopBadge: true },
    removalRules: [...notFoundRule(id, notFoundAnswers), ...VOSO_REMOVAL_RULES],
    notFoundAnswers,
    notFoundControl: (_sample, seed) => {
      const tokens = controlTokens(`${id} ${seed}`);
      return parseRef(base.url(`/${tokens.slug}-p${tokens.digits}.html`));
    },
    parseRef,
    parseShopRef,
    listShop,
    search,
    check: (ref, ctx) =>
      checkPage(
        id,
        {
          ref,
          url: ref.url,
          read: (response, itemId) =>
            readVosoProductPage(response.body, itemId, (href) => {
              try {
                return parseShopRef(new URL(href, response.finalUrl).href)?.url ?? null;
              } catch {
                return null;
              }
            }),
          productOf,
          notFound: { rule: `${id}.not-found`, answers: notFoundAnswers },
          removalRedirect: (finalUrl) =>
            VOSO_LAYOUT.removalRedirectPaths.some((path) => path.test(finalUrl.pathname))
              ? { rule: 'voso.redirect', provenance: 'assumed' }
              : null,
        },
        ctx,
      ),
  };
}
