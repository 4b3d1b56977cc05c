import { z } from 'zod';
import { notFoundAnswerSchema } from '../not-found/fingerprint.ts';

export const vosoOptionsSchema = z.object({
  id: z.string().min(1).default('voso'),
  /** https://voso.vn in production; the sandbox's URL in demos and tests. */
  baseUrl: z.string().url().default('https://voso.vn'),
  /** Pages of a shop followed at most by listShop. */
  maxShopPages: z.number().int().positive().default(50),
  /**
   * voso's own not-found answers (never captured from the live site: learn them with
   * `ocop-monitor doctor`). Without one, no 404 from voso reads as a removal.
   */
  notFoundAnswers: z.array(notFoundAnswerSchema).default([]),
});
export type VosoOptions = z.input<typeof vosoOptionsSchema>;

/** Where voso keeps what the adapter reads; one place, so layout drift is fixed here. */
export const VOSO_LAYOUT = {
  productRecordPrefix: 'var product = ',
  shopName: /class="b__shop--name">\s*([^<]*?)\s*</u,
  // The shop box's "Xem shop" link (real page 2021: `<a class="go_to_shop" href="/gic-store-s8590">`).
  shopLink: /<a\s+class="go_to_shop"\s+href="([^"]+)"/u,
  /** Container of a "product no longer exists" message page (never the site footer). */
  removalContainer: '.b__detail--main-wapper, .product-not-found, .page-not-found',
  // Card patterns (home, shop and category pages) live in cards.ts.
  productPath: /^\/([a-z0-9-]+)-p(\d+)\.html$/u,
  shopPath: /^\/([a-z0-9-]+)-s(\d+)\/?$/u,
  /**
   * voso may send removed products to the home page or to search (MARKETPLACES.md: likely, never
   * seen — and a session bounce or a challenge at `/` looks the same, so the rule is assumed).
   */
  removalRedirectPaths: [/^\/$/u, /^\/tim-kiem/u],
} as const;
