import type { Trick } from '../adversarial.ts';
import type { Listing, MarketplaceKind } from '../world/types.ts';
import type { SiteResponse } from './format.ts';

/** What a simulated site may read of the world while answering one request. */
export interface SiteContext {
  baseUrl: string;
  redesign: boolean;
  /** The listing with this item id on this marketplace (removed ones too). */
  listing(itemId: string): Listing | undefined;
  /** The shop's listings still on sale, in a stable order. */
  onSaleInShop(shopId: string): Listing[];
  productStars(productId: string): number;
  /**
   * The marketplace's search: listings on sale (look-alikes included) whose titles hold at least
   * half of the query's words, accents and case ignored, best first, at most 20.
   */
  search(query: string): Listing[];
  /** The adversarial trick played on this listing's page today (null when the profile is off). */
  trick(itemId: string): Trick | null;
}

export interface Site {
  kind: MarketplaceKind;
  /** Paths of product pages (or the product API): what a `moved` fault answers for. */
  productPath: RegExp;
  /** Paths of shop pages, the shop id in group 1 (an adversarial bounce answers for them). */
  shopPath?: RegExp;
  /** Answers one GET; `path` has no query string. */
  answer(path: string, query: URLSearchParams, context: SiteContext): SiteResponse;
  /** What the site answers for a product it does not have (a removed one too, where it removes by 404). */
  notFound: SiteResponse;
}
