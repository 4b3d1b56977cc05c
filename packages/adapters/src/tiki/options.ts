import { z } from 'zod';
import { notFoundAnswerSchema } from '../not-found/fingerprint.ts';

export const tikiOptionsSchema = z.object({
  id: z.string().min(1).default('tiki'),
  /** Product pages: https://tiki.vn/{url_key}.html?spid={sellerProductId}. */
  baseUrl: z.string().url().default('https://tiki.vn'),
  /** The product API; the same host as the site in production. */
  apiBaseUrl: z.string().url().optional(),
  /**
   * The product API's own answer for an id no product has (its 404 body was never captured: learn it
   * with `ocop-monitor doctor`). Without one, no 404 from Tiki reads as a removal.
   */
  notFoundAnswers: z.array(notFoundAnswerSchema).default([]),
});
export type TikiOptions = z.input<typeof tikiOptionsSchema>;

export const TIKI_LAYOUT = {
  /** The url_key ends in -p{id}. */
  productPath: /^\/([a-z0-9-]+)-p(\d+)\.html$/u,
  /** The seller offer (`spid`) is asked for too: the answer then shows that offer, if it still exists. */
  apiPath: (id: string, spid: string | null) => `/api/v2/products/${id}${spid ? `?spid=${spid}` : ''}`,
} as const;
