import { BaseUrl } from '../base-url.ts';
import { checkPage, notFoundRule } from '../check-page.ts';
import type { ListingRef, MarketplaceAdapter } from '../contract.ts';
import { OcopError } from '../errors.ts';
import { controlTokens } from '../not-found/control-address.ts';
import { TIKI_LAYOUT, type TikiOptions, tikiOptionsSchema } from './options.ts';
import { readTikiProduct } from './parse.ts';
import { readTikiSearch } from './search.ts';

/** Tiki: the product API. A missing product answers 404; rate limiting 429 with Retry-After. */
export function createTikiAdapter(options: TikiOptions = {}): MarketplaceAdapter {
  const { id, baseUrl, apiBaseUrl, notFoundAnswers } = tikiOptionsSchema.parse(options);
  const site = new BaseUrl(baseUrl);
  const api = new BaseUrl(apiBaseUrl ?? baseUrl);

  const parseRef = (url: string): ListingRef | null => {
    const match = site.matchPath(url, TIKI_LAYOUT.productPath);
    if (!match) return null;
    const [, key, itemId = ''] = match;
    const spid = new URL(url).searchParams.get('spid');
    const canonical = site.url(`/${key}-p${itemId}.html${spid && /^\d+$/u.test(spid) ? `?spid=${spid}` : ''}`);
    return { marketplace: id, itemId, shopId: null, url: canonical };
  };

  return {
    id,
    displayName: 'Tiki',
    hosts: [...new Set([site.host, api.host])],
    capabilities: { listShop: false, search: true, soldCount: 'exact', ocopBadge: false },
    // The API's not-found answer only where it is kept; `discontinued` is likely, never seen.
    removalRules: [
      ...notFoundRule(id, notFoundAnswers),
      {
        rule: 'tiki.inventory_status=discontinued',
        provenance: 'assumed',
        what: 'the product API says inventory_status: discontinued',
      },
      {
        rule: 'tiki.seller-offer-gone',
        provenance: 'assumed',
        what: "the product API shows another seller's offer, not the listing's own (spid): that offer is gone",
      },
    ],
    notFoundAnswers,
    notFoundControl: (_sample, seed) => {
      const tokens = controlTokens(`${id} ${seed}`);
      return parseRef(site.url(`/${tokens.slug}-p${tokens.digits}.html`));
    },
    parseRef,
    async *search(query, ctx) {
      const url = api.url(`/api/v2/products?q=${encodeURIComponent(query.normalize('NFC'))}`);
      const response = await ctx.http.get(url, {
        headers: { accept: 'application/json' },
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
      if (response.status !== 200)
        throw new OcopError('UNEXPECTED_RESPONSE', `tiki search ${url} answered HTTP ${response.status}`);
      yield* readTikiSearch(response.body, (key) => parseRef(site.url(`/${key}.html`)));
    },
    check: (ref, ctx) => {
      const spid = new URL(ref.url).searchParams.get('spid');
      return checkPage(
        id,
        {
          ref,
          url: api.url(TIKI_LAYOUT.apiPath(ref.itemId, spid)),
          headers: { accept: 'application/json' },
          read: (response, itemId) => readTikiProduct(response.body, itemId, spid),
          notFound: { rule: `${id}.not-found`, answers: notFoundAnswers },
        },
        ctx,
      );
    },
  };
}
