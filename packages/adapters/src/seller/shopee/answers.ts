import { z } from 'zod';

// Shopee sends item ids as JSON numbers: one past 2^53 has lost digits when parsed (another item's id).
const itemId = z.number().int().refine(Number.isSafeInteger, 'an item id past 2^53 has lost its digits');

/** Every v2 answer carries `error` ('' when it worked) and `message`. */
const envelope = {
  error: z.string().optional().default(''),
  message: z.string().optional().default(''),
  request_id: z.string().optional(),
};

/** `/api/v2/auth/token/get` and `/api/v2/auth/access_token/get`. */
export const tokenAnswerSchema = z.object({
  ...envelope,
  access_token: z.string().optional(),
  refresh_token: z.string().optional(),
  /** Seconds the access token lives (4 hours on the live platform). */
  expire_in: z.number().int().positive().optional(),
});

/** Shopee's item statuses (get_item_base_info `item_status`). */
export const SHOPEE_ITEM_STATUSES = [
  'NORMAL',
  'UNLIST',
  'REVIEWING',
  'BANNED',
  'SELLER_DELETE',
  'SHOPEE_DELETE',
] as const;

/** `/api/v2/product/get_item_base_info`: the fields the monitor reads, the rest ignored. */
export const itemBaseAnswerSchema = z.object({
  ...envelope,
  response: z
    .object({
      item_list: z.array(
        z.object({
          item_id: itemId,
          item_name: z.string().optional(),
          item_status: z.string(),
          price_info: z
            .array(z.object({ current_price: z.number(), original_price: z.number().optional() }))
            .optional(),
          stock_info_v2: z
            .object({ summary_info: z.object({ total_available_stock: z.number().int() }).partial() })
            .partial()
            .optional(),
        }),
      ),
    })
    .optional(),
});

/** `/api/v2/product/get_item_extra_info`: the item's sales. */
export const itemExtraAnswerSchema = z.object({
  ...envelope,
  response: z
    .object({ item_list: z.array(z.object({ item_id: itemId, sale: z.number().int().nonnegative() })) })
    .optional(),
});

/** `/api/v2/product/get_item_list`: a page of the shop's item ids. */
export const itemListAnswerSchema = z.object({
  ...envelope,
  response: z
    .object({
      item: z.array(z.object({ item_id: itemId, item_status: z.string().optional() })).optional(),
      total_count: z.number().int().nonnegative().optional(),
      has_next_page: z.boolean().default(false),
      next_offset: z.number().int().nonnegative().default(0),
    })
    .optional(),
});
