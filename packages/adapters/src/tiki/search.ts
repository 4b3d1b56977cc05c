import { z } from 'zod';
import type { ListingCard, ListingRef } from '../contract.ts';
import { OcopError } from '../errors.ts';
import { toNfc } from '../text/normalize.ts';
import { parseSoldCount } from '../text/sold-count.ts';

// Likely, not captured: the search answer lists products with the product API's own field names.
const searchSchema = z.object({
  data: z.array(
    z.object({
      id: z.number().int().positive(),
      name: z.string().min(1),
      url_key: z.string().regex(/^[a-z0-9-]+-p\d+$/u),
      price: z.number().nonnegative().nullish(),
      list_price: z.number().nonnegative().nullish(),
      quantity_sold: z
        .object({ value: z.number().int().nonnegative().nullish(), text: z.string().nullish() })
        .nullish(),
      seller_name: z.string().nullish(),
    }),
  ),
});

/** Tiki's search answer as cards; an answer of another shape is an error, never an empty result. */
export function readTikiSearch(body: string, toRef: (urlKey: string) => ListingRef | null): ListingCard[] {
  let parsed: z.infer<typeof searchSchema>;
  try {
    parsed = searchSchema.parse(JSON.parse(body));
  } catch (error) {
    throw new OcopError('UNEXPECTED_RESPONSE', `tiki search answer not understood: ${(error as Error).message}`);
  }
  return parsed.data.flatMap((item) => {
    const ref = toRef(item.url_key);
    if (!ref) return [];
    const sold = item.quantity_sold;
    return [
      {
        ref,
        title: toNfc(item.name).trim(),
        price: item.price === null || item.price === undefined ? null : Math.round(item.price),
        listPrice: item.list_price ? Math.round(item.list_price) : null,
        sold:
          typeof sold?.value === 'number'
            ? { value: sold.value, approximate: false, raw: sold.text ?? String(sold.value) }
            : sold?.text
              ? parseSoldCount(sold.text)
              : null,
        isOcop: null,
        ocopStars: null,
        shopName: item.seller_name ? toNfc(item.seller_name) : null,
      },
    ];
  });
}
