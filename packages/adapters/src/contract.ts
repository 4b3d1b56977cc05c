import { z } from 'zod';
import type { HttpClient } from './http/types.ts';
import type { NotFoundAnswer } from './not-found/fingerprint.ts';
import type { Observation, Provenance, Stock } from './observation.ts';
import type { SoldCount } from './text/sold-count.ts';

/** A canonical reference to one listing on one marketplace. */
export const listingRefSchema = z.object({
  marketplace: z.string().min(1),
  itemId: z.string().min(1),
  shopId: z.string().nullable(),
  url: z.string().url(),
});
export type ListingRef = z.infer<typeof listingRefSchema>;

export const shopRefSchema = z.object({
  marketplace: z.string().min(1),
  shopId: z.string().min(1),
  url: z.string().url(),
});
export type ShopRef = z.infer<typeof shopRefSchema>;

/** One product card on a shop, category or home page: a hint, confirmed by the detail page. */
export interface ListingCard {
  ref: ListingRef;
  title: string;
  price: number | null;
  listPrice: number | null;
  /** null when the card has no sold label: unknown, not zero. */
  sold: SoldCount | null;
  isOcop: boolean | null;
  ocopStars: number | null;
  /** The seller's shop name, where the card shows it. */
  shopName?: string | null;
  /** In or out of stock, where the card says; absent or `unknown` when it does not. */
  stock?: Stock;
}

/** What an adapter can do, so callers never guess (better-auth style capability flags). */
export interface AdapterCapabilities {
  /** The adapter can list a shop's cards (batch first, confirm by detail). */
  listShop: boolean;
  /**
   * The shop cards tell a listing's stock (and its sold count, where the site counts sales), so the
   * daily run may read a shop page instead of each listing's own page. Absent: every listing's
   * page is fetched (voso's cards show no stock).
   */
  cardsStandIn?: boolean;
  /** The marketplace's search can be read (`search`): how listing discovery finds candidates. */
  search?: boolean;
  /** How the site reports sales: exact numbers, rounded ones ("1,2k"), both, or none. */
  soldCount: 'exact' | 'approximate' | 'mixed' | 'none';
  /** The site shows the OCOP badge and stars. */
  ocopBadge: boolean;
  /**
   * The fields every page on sale shows, as the adapter's layout declares them: the doctor calls
   * a marketplace ready only when each is read on every sampled page. Absent: title and price.
   */
  fields?: readonly ListingField[];
}

/** A field of a listing on sale, as the doctor counts them. */
export type ListingField = 'title' | 'price' | 'sold' | 'stock' | 'shop' | 'stars';

/** One way an adapter reads a removal, and where that belief comes from. */
export interface RemovalRule {
  /** The `matchedRule` it writes (a prefix, for rules that add what they matched). */
  rule: string;
  provenance: Provenance;
  /** What it reads, in a sentence (English). */
  what: string;
  /** Where the captured page that shows it is kept, for a `seen` rule of the site's own. */
  fixture?: string;
}

export interface Logger {
  debug(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/** Effects an adapter receives; it never creates its own HTTP client or logger. */
export interface AdapterContext {
  http: HttpClient;
  logger?: Logger;
  signal?: AbortSignal;
  now?: () => Date;
}

export interface MarketplaceAdapter {
  /** Stable id used in queues, the store and config: `voso`, `postmart`, `tiki`, `floor-quangtri`. */
  readonly id: string;
  readonly displayName: string;
  /** Host[:port] of every base URL the adapter talks to, for the HTTP allowlist. */
  readonly hosts: readonly string[];
  readonly capabilities: AdapterCapabilities;
  /**
   * Every rule by which `check` may say `delisted`, with its provenance: what `probe`, the README
   * and reviewers read, and what the conformance kit holds each removal to.
   */
  readonly removalRules: readonly RemovalRule[];
  /**
   * The marketplace's own not-found answers, kept with its layout (learned from captured pages or
   * by `ocop-monitor doctor`): a 404/410 — or a floor's 200 "no data" page — is a removal only
   * when it is one of these. Empty: no such answer is ever read as a removal.
   */
  readonly notFoundAnswers: readonly NotFoundAnswer[];
  /**
   * An address of this marketplace that no product has, shaped like `sample` (one of its listings),
   * from `seed` (the run's date): the run's negative control. Its answer is the marketplace's own
   * not-found answer today; a run whose control no longer answers a kept one holds its removals.
   * Null when no such address can be made.
   */
  notFoundControl(sample: ListingRef, seed: string): ListingRef | null;
  /** Canonical reference for a product URL of this marketplace, or null if it is not one. */
  parseRef(url: string): ListingRef | null;
  /** Reference for a shop page URL, or null; present when `capabilities.listShop`. */
  parseShopRef?(url: string): ShopRef | null;
  /** Checks one listing. Never throws for marketplace outcomes: they are verdicts. */
  check(ref: ListingRef, ctx: AdapterContext): Promise<Observation>;
  /** The cards of a shop page, following pagination. */
  listShop?(shop: ShopRef, ctx: AdapterContext): AsyncIterable<ListingCard>;
  /** The first page of the marketplace's search for `query`; present when `capabilities.search`. */
  search?(query: string, ctx: AdapterContext): AsyncIterable<ListingCard>;
}
