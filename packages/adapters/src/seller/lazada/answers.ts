import { z } from 'zod';
import { platformIdSchema } from '../platform-id.ts';

/** Every answer carries `code` ('0' when it worked); an error adds `type` (ISV, ISP, SYSTEM) and `message`. */
const envelope = {
  code: z.union([z.string(), z.number()]).transform(String),
  type: z.string().optional(),
  message: z.string().optional(),
  request_id: z.string().optional(),
};

const seller = z.object({ seller_id: platformIdSchema, user_id: z.coerce.string().optional() });
const sellersByCountry = z.union([
  z.array(seller.extend({ country: z.string() })),
  z
    .record(z.string(), seller)
    .transform((byCountry) => Object.entries(byCountry).map(([country, entry]) => ({ ...entry, country }))),
]);

/** `/auth/token/create` and `/auth/token/refresh`: the fields are at the top, not under `data`. */
export const lazadaTokenAnswerSchema = z.object({
  ...envelope,
  access_token: z.string().min(1).optional(),
  refresh_token: z.string().min(1).optional(),
  /** Seconds the access token lives. */
  expires_in: z.coerce.number().int().positive().optional(),
  /** Seconds the refresh token lives. */
  refresh_expires_in: z.coerce.number().int().positive().optional(),
  /** The account's sellers by country: a list in live answers, keyed by country in the documentation's sample. */
  country_user_info: sellersByCountry.optional(),
  /** The same, as `/auth/token/refresh` names it. */
  country_user_info_list: sellersByCountry.optional(),
});

/** Lazada's item statuses (`/product/item/get` `data.status`). */
export const LAZADA_ITEM_STATUSES = ['Active', 'InActive', 'Deleted', 'Pending QC', 'Suspended', 'Rejected'] as const;

const money = z.coerce.number().nonnegative();

/** `/product/item/get`: the fields the monitor reads, the rest ignored. */
export const lazadaItemAnswerSchema = z.object({
  ...envelope,
  data: z
    .object({
      /** `item_id` in the field list, `itemId` in the documentation's sample answer: either is read. */
      item_id: platformIdSchema.optional(),
      itemId: platformIdSchema.optional(),
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

/**
 * `/products/get` (open.lazada.com, GetProducts): one page of the seller's items, `total_products`
 * counting every page; each item as `/product/item/get` gives it, of which the id, status and name are read.
 */
export const lazadaProductsAnswerSchema = z.object({
  ...envelope,
  data: z
    .object({
      total_products: z.coerce.number().int().nonnegative().optional(),
      products: z
        .array(
          z.object({
            item_id: platformIdSchema,
            status: z.string(),
            attributes: z.object({ name: z.string().optional() }).partial().optional(),
          }),
        )
        .optional(),
    })
    .optional(),
});
