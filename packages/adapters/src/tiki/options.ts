import { z } from 'zod';

export const tikiOptionsSchema = z.object({
  id: z.string().min(1).default('tiki'),
  /** Product pages: https://tiki.vn/{url_key}.html?spid={sellerProductId}. */
  baseUrl: z.string().url().default('https://tiki.vn'),
  /** The product API; the same host as the site in production. */
  apiBaseUrl: z.string().url().optional(),
});
export type TikiOptions = z.input<typeof tikiOptionsSchema>;

export const TIKI_LAYOUT = {
  /** The url_key ends in -p{id}. */
  productPath: /^\/([a-z0-9-]+)-p(\d+)\.html$/u,
  apiPath: (id: string) => `/api/v2/products/${id}`,
} as const;
