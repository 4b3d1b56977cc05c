import { hashOf } from './random.ts';
import type { MarketplaceKind } from './world/types.ts';

/**
 * The `adversarial` world (DESIGN §4, "Evidence is about that product"): pages that look like a
 * removal but are not, the way real sites misbehave — served for listings that are on sale, mixed
 * with the world's real delistings. Each is a per-listing, per-day event, the same for every
 * request that day (a firewall or a notice does not change between retries).
 */
export type Trick =
  /** 302 to the home page with the product's address as `returnUrl` (a session or login bounce). */
  | 'bounce_return'
  /** 302 to `/` on a day the home page is a challenge served with 200. */
  | 'bounce_challenge'
  /** A firewall's own 404 page (no challenge marker). */
  | 'waf_404'
  /** A notice in the product box that the shop is closed for the holiday ("tạm ngừng … đến hết Tết"). */
  | 'temporary_notice'
  /** "Sắp hết hàng" (almost sold out) as the stock words of a listing in stock. */
  | 'almost_sold_out'
  /** 301 to the product's new address, where it is still on sale. */
  | 'moved_301'
  /** The product's address answers another product's removal page. */
  | 'other_removal_page';

/** Shares per on-sale listing and day; the rest is served as it is. */
const SHARES: ReadonlyArray<readonly [Exclude<Trick, 'bounce_challenge'>, number]> = [
  ['bounce_return', 0.03],
  ['waf_404', 0.02],
  ['temporary_notice', 0.04],
  ['almost_sold_out', 0.05],
  ['moved_301', 0.03],
  ['other_removal_page', 0.02],
];
/** Days a marketplace's home page is a challenge, and the share of its listings sent there then. */
const CHALLENGE_DAY_SHARE = 0.15;
const BOUNCED_TO_CHALLENGE = 0.1;
/** Shop addresses bounced home with a return address, per shop and day. */
const SHOP_BOUNCE_SHARE = 0.1;

/** The product box of these sites has no notice or stock words to bend (an API, or a record). */
const NOT_ON: Partial<Record<Trick, readonly MarketplaceKind[]>> = {
  temporary_notice: ['tiki'],
  almost_sold_out: ['tiki', 'voso'],
  moved_301: ['tiki'],
};

const draw = (...parts: Array<string | number>) => hashOf(...parts) / 0x1_0000_0000;

export class AdversarialPlan {
  readonly #seed: number;

  constructor(seed: number) {
    this.#seed = seed;
  }

  /** Whether `kind`'s home page is a challenge on `day`. */
  challengeDay(kind: MarketplaceKind, day: number): boolean {
    return draw(this.#seed, 'challenge-day', kind, day) < CHALLENGE_DAY_SHARE;
  }

  /** The trick played on an on-sale listing's page today, or null. */
  trick(kind: MarketplaceKind, day: number, itemId: string, inStock: boolean): Trick | null {
    if (this.challengeDay(kind, day) && draw(this.#seed, 'bounced', kind, day, itemId) < BOUNCED_TO_CHALLENGE)
      return 'bounce_challenge';
    let point = draw(this.#seed, 'trick', kind, day, itemId);
    for (const [trick, share] of SHARES) {
      point -= share;
      if (point >= 0) continue;
      if (NOT_ON[trick]?.includes(kind) || (trick === 'almost_sold_out' && !inStock)) return null;
      return trick;
    }
    return null;
  }

  /** Whether a shop's address is bounced home today. */
  shopBounced(kind: MarketplaceKind, day: number, shopId: string): boolean {
    return draw(this.#seed, 'shop', kind, day, shopId) < SHOP_BOUNCE_SHARE;
  }
}

/** A firewall's 404 page: no challenge marker, nothing of the site. */
export const WAF_404_PAGE = `<!DOCTYPE html><html><head><title>Access Denied</title></head><body>
<h1>Access Denied</h1><p>The requested URL was rejected. Please consult with your administrator.</p>
<p>Your support ID is: 1208834530</p></body></html>`;

/** The shop's holiday notice: temporary, so never a removal. */
export const TEMPORARY_NOTICE = 'Gian hàng tạm ngừng kinh doanh đến hết Tết Nguyên đán, hẹn gặp lại quý khách';
