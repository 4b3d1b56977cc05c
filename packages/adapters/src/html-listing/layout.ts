import { z } from 'zod';
import { notFoundAnswerSchema } from '../not-found/fingerprint.ts';

const regexSource = (what: string) =>
  z.string().refine(
    (source) => {
      try {
        return new RegExp(source, 'u').source.includes('(?<id>');
      } catch {
        return false;
      }
    },
    { message: `${what} must be a valid regular expression with a named group (?<id>…)` },
  );

const selector = z.string().min(1);

/** The rules of an HTML marketplace that may say `delisted` (the part of `matchedRule` after its id). */
const htmlRemovalRuleSchema = z.enum(['notice', 'message', 'jsonld', 'redirect']);
export type HtmlRemovalRule = z.infer<typeof htmlRemovalRuleSchema>;

/**
 * Where an HTML marketplace keeps a listing's data. One schema for postmart and every provincial
 * floor, so a province adds its floor with configuration and fixtures, not code.
 */
export const htmlListingLayoutSchema = z.object({
  /** Path patterns of product pages; the first that matches gives the item id. */
  productPaths: z.array(regexSource('productPaths entry')).min(1),
  /** Path pattern of shop pages ("gian hàng"), when the floor has them. */
  shopPath: regexSource('shopPath').optional(),
  /** Read schema.org Product JSON-LD first, when the page has it. */
  jsonLd: z.boolean().default(true),
  /** The product container: removal messages count only inside it. */
  container: selector,
  /** A status/notice area inside the product page where a removal banner appears. */
  notice: selector.optional(),
  title: selector.optional(),
  price: selector.optional(),
  listPrice: selector.optional(),
  sold: selector.optional(),
  /** Where "Hết hàng" appears when the listing is out of stock. */
  stock: selector.optional(),
  /** The OCOP badge; its text or `data-stars` gives the stars ("OCOP 4 sao"). */
  ocop: selector.optional(),
  /** Link to the shop page. */
  shopLink: selector.optional(),
  /** Attribute of the container holding the item id, to catch a page of another product. */
  itemIdAttribute: z.string().min(1).optional(),
  /** Site-specific removal phrases, in addition to the common Vietnamese ones. */
  removalPhrases: z.array(z.string().min(1)).default([]),
  /** Paths a removed product redirects to on this site (e.g. "^/$" for home). */
  removalRedirectPaths: z.array(z.string().min(1)).default([]),
  /**
   * Removal rules a captured real page of this site shows (keep that page with your fixtures):
   * `notice` (a removal notice in the notice area), `message` (a removal page at the product's
   * address), `jsonld` (JSON-LD availability Discontinued), `redirect`. Every other rule is
   * assumed: it makes a listing suspect and asks a reviewer, never confirms a delisting alone.
   */
  seenRemovalRules: z.array(htmlRemovalRuleSchema).default([]),
  /**
   * The site's own not-found answers — for a product that never existed and, on most sites, a removed
   * one — as fingerprints learned from a captured page or by `ocop-monitor doctor`. A 404/410, or a
   * 200 "no data" page, is a removal only when it is one of these (a seen rule).
   */
  notFoundAnswers: z.array(notFoundAnswerSchema).default([]),
  cards: z
    .object({
      item: selector,
      link: selector,
      price: selector.optional(),
      sold: selector.optional(),
      ocop: selector.optional(),
      /**
       * Where a card says "Còn hàng" / "Hết hàng". Set it only when every card shows it: with it
       * (and `sold` where the site counts sales) the daily run reads shop pages instead of each
       * listing's page.
       */
      stock: selector.optional(),
      nextPage: selector.default('link[rel="next"], a[rel="next"]'),
    })
    .optional(),
});
export type HtmlListingLayout = z.output<typeof htmlListingLayoutSchema>;
export type HtmlListingLayoutInput = z.input<typeof htmlListingLayoutSchema>;
