import { z } from 'zod';
import { platformIdOrNullSchema, platformIdSchema } from '../platform-id.ts';
import { cleanCode } from '../reading.ts';

/** Every answer: `code` (0 when it worked), `message`, `request_id`, and `data`. */
const envelope = {
  // Only 0 (or "0") is success. No coercion: null, "", false or [] would turn into 0, and a
  // malformed answer would be read as the platform's record (a DELETED status a removal).
  code: z.unknown().transform((code): unknown => (code === 0 || code === '0' ? 0 : code)),
  message: z.string().optional().default(''),
  request_id: z.string().optional(),
};

/** An error answer's `code` (cleaned) and `message`; empty where the body is not TikTok's JSON. */
export function tiktokErrorOf(body: string): { code: string; message: string } {
  try {
    const parsed = JSON.parse(body) as { code?: unknown; message?: unknown };
    return { code: cleanCode(parsed.code), message: typeof parsed.message === 'string' ? parsed.message : '' };
  } catch {
    return { code: '', message: '' };
  }
}

/** `auth.tiktok-shops.com/api/v2/token/get` and `/refresh`: expiries are Unix timestamps, not durations. */
export const tiktokTokenAnswerSchema = z.object({
  ...envelope,
  data: z
    .object({
      access_token: z.string().min(1),
      access_token_expire_in: z.coerce.number().int().positive(),
      refresh_token: z.string().min(1),
      refresh_token_expire_in: z.coerce.number().int().positive(),
      open_id: z.string().optional(),
      seller_name: z.string().optional(),
      seller_base_region: z.string().optional(),
    })
    .optional(),
});

/** `/authorization/202309/shops`: the shops the seller authorised, each with the cipher its calls need. */
export const tiktokShopsAnswerSchema = z.object({
  ...envelope,
  data: z
    .object({
      shops: z.array(z.object({ id: platformIdSchema, cipher: z.string().min(1), region: z.string().optional() })),
    })
    .optional(),
});

/** TikTok Shop's product statuses (`/product/202309/products/{id}` `data.status`). */
export const TIKTOK_PRODUCT_STATUSES = [
  'DRAFT',
  'PENDING',
  'FAILED',
  'ACTIVATE',
  'SELLER_DEACTIVATED',
  'PLATFORM_DEACTIVATED',
  'FREEZE',
  'DELETED',
] as const;

/** `/product/202309/products/{product_id}`: the fields the monitor reads, the rest ignored. */
export const tiktokProductAnswerSchema = z.object({
  ...envelope,
  data: z
    .object({
      id: platformIdSchema,
      status: z.string(),
      title: z.string().optional(),
      skus: z
        .array(
          z.object({
            price: z
              .object({
                sale_price: z.coerce.number().nonnegative().optional(),
                tax_exclusive_price: z.coerce.number().nonnegative().optional(),
                currency: z.string().optional(),
              })
              .optional(),
            inventory: z.array(z.object({ quantity: z.coerce.number().int() })).optional(),
          }),
        )
        .default([]),
    })
    .optional(),
});

/**
 * `POST /product/202309/products/search` (partner.tiktokshop.com, Product API 202309, Search
 * Products): one page of the shop's products, `next_page_token` empty on the last page; of each
 * product its id, title and status are read. An id that is not a string of digits (or a safe
 * integer) is `null`, and left out: a number past 2^53 has already lost its digits.
 */
export const tiktokProductSearchAnswerSchema = z.object({
  ...envelope,
  data: z
    .object({
      products: z
        .array(
          z.object({
            id: platformIdOrNullSchema,
            title: z.string().optional(),
            status: z.string(),
          }),
        )
        .optional(),
      total_count: z.coerce.number().int().nonnegative().optional(),
      next_page_token: z.string().optional(),
    })
    .optional(),
});
