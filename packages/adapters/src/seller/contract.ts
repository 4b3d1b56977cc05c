import type { AdapterContext } from '../contract.ts';
import type { Observation } from '../observation.ts';

/**
 * A shop's authorisation of the monitor's application on a marketplace's open platform. Secrets:
 * stored encrypted at rest by the monitor, never shown or logged.
 */
export interface SellerTokens {
  shopId: string;
  accessToken: string;
  /** When the access token stops working (ISO): refreshed before then. */
  accessExpiresAt: string;
  refreshToken: string;
  /** When the refresh token stops working (ISO): a refresh renews it; past it, the shop consents again. */
  refreshExpiresAt: string;
}

/** One listing as its seller's record names it. */
export interface SellerItemRef {
  /** The buyer-page adapter's marketplace id (`shopee`): the observation is about that listing. */
  marketplace: string;
  shopId: string;
  itemId: string;
  /** The buyer's address of the listing (what people open), never an API address. */
  url: string;
}

/** One item of a shop's own catalogue, as its seller's record lists it (for matching, never for a verdict). */
export interface SellerShopItem {
  itemId: string;
  title: string;
  /** The buyer's address of the item. */
  url: string;
  /**
   * False when the record says the item is not on sale (hidden, deleted, awaiting review): it still
   * tells which listings are this shop's, but it is never proposed. Absent: on sale.
   */
  onSale?: boolean;
}

/** Why a platform call did not give the item's state: each is `unknown`, never a removal. */
export type SellerProblem = 'token_expired' | 'token_invalid' | 'rate_limited' | 'platform_error' | 'network';

/**
 * A marketplace's open platform, read with a seller's consent (DESIGN §4, third provenance): the
 * item's own record — status, stock, sales — as Observations with provenance `authoritative`.
 * An expired token, a platform error or a pacing limit is `unknown`, never a removal.
 */
export interface SellerSource {
  /** `shopee-seller`, `lazada-seller`, `tiktok-seller`. */
  readonly id: string;
  /** The buyer-page marketplace this platform's items are listings of. */
  readonly marketplace: string;
  readonly displayName: string;
  /** Host of every base URL it calls, for the HTTP allowlist. */
  readonly hosts: readonly string[];
  /**
   * What its record gives, so the producer is promised only that: status and stock always, the
   * number sold only where the platform's record has one (Shopee). Absent: status and stock only.
   */
  readonly reads?: { readonly sales: boolean };
  /** The page where a seller authorises the application; the platform sends them back to `redirect`. */
  authorizationUrl(input: { redirect: string; now?: Date }): string;
  /** The tokens for the code the platform sent back with the shop's id. */
  exchangeCode(input: { code: string; shopId: string; now?: Date }): Promise<SellerTokens>;
  /** New tokens (access and refresh) for a shop whose access token expires soon. */
  refreshTokens(tokens: SellerTokens, now?: Date): Promise<SellerTokens>;
  /** The item's state from its seller's record. Never throws for platform outcomes: they are verdicts. */
  readItem(ref: SellerItemRef, tokens: SellerTokens, ctx: AdapterContext): Promise<Observation>;
  /**
   * The shop's items (optional: a platform that cannot list them leaves it out), so that listings
   * whose item is in it are known to be this shop's and those not yet linked can be proposed to a person. Throws `SellerAuthError` when the platform refuses.
   */
  listItems?(tokens: SellerTokens, ctx: AdapterContext): Promise<SellerShopItem[]>;
}

/** A token call the platform refused: the shop must consent again (`needsConsent`) or try later. */
export class SellerAuthError extends Error {
  readonly problem: SellerProblem;
  readonly needsConsent: boolean;

  constructor(message: string, problem: SellerProblem, needsConsent: boolean) {
    super(message);
    this.name = 'SellerAuthError';
    this.problem = problem;
    this.needsConsent = needsConsent;
  }
}
