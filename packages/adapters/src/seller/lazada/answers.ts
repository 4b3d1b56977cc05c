import { z } from 'zod';

/** Every answer carries `code` ('0' when it worked); an error adds `type` (ISV, ISP, SYSTEM) and `message`. */
const envelope = {
  code: z.union([z.string(), z.number()]).transform(String),
  type: z.string().optional(),
  message: z.string().optional(),
  request_id: z.string().optional(),
};

/** `/auth/token/create` and `/auth/token/refresh`: the fields are at the top, not under `data`. */
export const lazadaTokenAnswerSchema = z.object({
  ...envelope,
  access_token: z.string().min(1).optional(),
  refresh_token: z.string().min(1).optional(),
  /** Seconds the access token lives. */
  expires_in: z.coerce.number().int().positive().optional(),
  /** Seconds the refresh token lives. */
  refresh_expires_in: z.coerce.number().int().positive().optional(),
  country_user_info: z
    .array(z.object({ country: z.string(), seller_id: z.coerce.string(), user_id: z.coerce.string().optional() }))
    .optional(),
});

/** Lazada's item statuses (`/product/item/get` `data.status`). */
export const LAZADA_ITEM_STATUSES = ['Active', 'InActive', 'Deleted', 'Pending QC', 'Suspended', 'Rejected'] as const;

const money = z.coerce.number().nonnegative();

/** `/product/item/get`: the fields the monitor reads, the rest ignored. */
export const lazadaItemAnswerSchema = z.object({
  ...envelope,
  data: z
    .object({
      item_id: z.coerce.string(),
      status: z.string(),
      attributes: z.object({ name: z.string().optional() }).partial().optional(),
      skus: z
        .array(
          z.object({
            /** `active`, `inactive`, `deleted`. */
            Status: z.string(),
            quantity: z.coerce.number().int().optional(),
            /** Sellable stock, where the answer gives it. */
            Available: z.coerce.number().int().optional(),
            price: money.optional(),
            special_price: money.optional(),
            special_from_date: z.string().optional(),
            special_to_date: z.string().optional(),
          }),
        )
        .default([]),
    })
    .optional(),
});
