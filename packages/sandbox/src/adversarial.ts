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
  | 'other_removal_page'
  /** A web server's own default 404 (nginx) while the application behind it is down. */
  | 'server_404'
  /** A maintenance page served as the 404 document by one node of a load-balanced site. */
  | 'maintenance_404'
  /** An API gateway's "no route" 404. */
  | 'gateway_404'
  /** The product page on sale, served with HTTP 404. */
  | 'product_404'
  /** 410 with a page that says the product moved, linking its new address. */
  | 'moved_410'
  /** A login wall served with 200 at the product's own address. */
  | 'login_wall'
  /** A "not sold in your region" page served with 200 at the product's own address. */
  | 'region_wall'
  /** The product page cut off in the middle (the rest of a temporary notice never arrives). */
  | 'cut_off'
  /** A related-products card carrying a removal badge inside the product box, before its own notice area. */
  | 'related_removal'
  /** The shop's holiday notice beside a removal phrase in the notice area ("nghỉ … quay lại sau"). */
  | 'shop_resting'
  /** The product sold in two sizes, the first out of stock (JSON-LD offers). */
  | 'sizes';

/** Shares per on-sale listing and day; the rest is served as it is. */
const SHARES: ReadonlyArray<readonly [Exclude<Trick, 'bounce_challenge'>, number]> = [
  ['bounce_return', 0.03],
  ['waf_404', 0.02],
  ['temporary_notice', 0.04],
  ['almost_sold_out', 0.05],
  ['moved_301', 0.03],
  ['other_removal_page', 0.02],
  ['server_404', 0.01],
  ['maintenance_404', 0.01],
  ['gateway_404', 0.005],
  ['product_404', 0.01],
  ['moved_410', 0.01],
  ['login_wall', 0.01],
  ['region_wall', 0.005],
  ['cut_off', 0.01],
  ['related_removal', 0.03],
  ['shop_resting', 0.03],
  ['sizes', 0.04],
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
  moved_410: ['tiki'],
  related_removal: ['tiki', 'voso'],
  shop_resting: ['tiki', 'voso'],
  sizes: ['tiki', 'voso', 'floor'],
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

/** A web server's default 404 page: nothing of the site. */
export const NGINX_404_PAGE = `<html>
<head><title>404 Not Found</title></head>
<body>
<center><h1>404 Not Found</h1></center>
<hr><center>nginx</center>
</body>
</html>`;

/** One node's maintenance page, served as its 404 document. */
export const MAINTENANCE_PAGE = `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Bảo trì</title></head>
<body><div class="maintenance"><h1>Hệ thống đang bảo trì</h1><p>Quý khách vui lòng quay lại sau ít phút.</p></div></body></html>`;

export const GATEWAY_404_BODY = JSON.stringify({ message: 'no Route matched with those values' });

export const LOGIN_WALL_PAGE = `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Đăng nhập</title></head>
<body><form method="post" action="/dang-nhap"><input name="username"><input type="password" name="password"><button>Đăng nhập</button></form></body></html>`;

export const REGION_WALL_PAGE = `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Không khả dụng</title></head>
<body><p>Sản phẩm này không khả dụng tại khu vực của bạn.</p></body></html>`;

/** A 410 page that says the product moved, linking its new address. */
export const movedPage = (
  newPath: string,
) => `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Đã chuyển</title></head>
<body><p>Sản phẩm đã chuyển sang địa chỉ mới: <a href="${newPath}">xem sản phẩm</a></p></body></html>`;

/** The shop's holiday notice beside a removal phrase: temporary as a whole. */
export const SHOP_RESTING_NOTICE = 'Shop đang nghỉ lễ, sẽ quay lại sau. Sản phẩm đã ngừng bán!';

/** A related card with a removal badge in the product box's notice class (`noticeClass`). */
export const relatedRemovalCard = (otherPath: string, noticeClass: string) =>
  `<ul class="goi-y"><li><a href="${otherPath}"><img src="/images/sp.jpg" alt=""></a><div class="${noticeClass}">Sản phẩm đã ngừng kinh doanh</div><span>45.000 ₫</span></li></ul>`;
