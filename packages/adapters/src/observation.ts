import { z } from 'zod';
import { soldCountSchema } from './text/sold-count.ts';

/** DESIGN §4: three verdicts, and only positive evidence may say `delisted`. */
export const verdictSchema = z.enum(['active', 'delisted', 'unknown']);
export type Verdict = z.infer<typeof verdictSchema>;

export const delistedReasonSchema = z.enum([
  'not_found', // the marketplace's own not-found answer for the product (404, or a floor's 200 "no data")
  'gone', // the marketplace's own not-found answer, with 410
  'marketplace_state', // the marketplace's own removed/hidden/banned state in its data
  'removal_message', // a known removal message inside the product container
  'removal_redirect', // a redirect the adapter knows is the site's removal behaviour
  'seller_hidden', // the seller hid it (Shopee UNLIST), read from the seller's own record: counts against coverage
]);
export type DelistedReason = z.infer<typeof delistedReasonSchema>;

/**
 * Where a removal rule comes from (DESIGN §4): `seen` — a captured real page of the marketplace
 * shows it (its own not-found answer included, kept as a fingerprint); `assumed` — expected, never
 * observed. An assumed rule may raise a suspicion for a person; it never confirms a delisting alone.
 * `authoritative` — the marketplace's own record of the item, read through its open platform with
 * the seller's consent (a seller source): one reading is enough.
 */
export const provenanceSchema = z.enum(['seen', 'assumed', 'authoritative']);
export type Provenance = z.infer<typeof provenanceSchema>;

export const unknownReasonSchema = z.enum([
  'blocked',
  'rate_limited',
  'network',
  'timeout',
  'server_error',
  'parse_failed',
  'unexpected',
]);
export type UnknownReason = z.infer<typeof unknownReasonSchema>;

export const stockSchema = z.enum(['in_stock', 'out_of_stock', 'unknown']);
export type Stock = z.infer<typeof stockSchema>;

const shopSchema = z.object({
  id: z.string().nullable(),
  name: z.string().nullable(),
  /** The shop page the product page links to (canonical), where the adapter reads shops. */
  url: z.string().url().nullable().optional(),
});

export const listingDataSchema = z.object({
  title: z.string().min(1),
  /** VND; null when the page shows no price. */
  price: z.number().int().nonnegative().nullable(),
  listPrice: z.number().int().nonnegative().nullable(),
  /** null when the site shows no sold count: unknown, never zero. */
  sold: soldCountSchema.nullable(),
  stock: stockSchema,
  /** true/false when the page says; null when the site does not tell. */
  isOcop: z.boolean().nullable(),
  ocopStars: z.number().int().min(3).max(5).nullable(),
  shop: shopSchema.nullable(),
});
export type ListingData = z.infer<typeof listingDataSchema>;

export const evidenceSchema = z.object({
  httpStatus: z.number().int().nullable(),
  finalUrl: z.string().nullable(),
  redirects: z.array(z.string()),
  /** Which rule of the adapter decided the verdict, e.g. `voso.record.activated=0`. */
  matchedRule: z.string().min(1),
  bodySha256: z.string().nullable(),
  bytes: z.number().int().nonnegative(),
  durationMs: z.number().nonnegative(),
  retryAfterSeconds: z.number().nonnegative().nullable(),
  detail: z.string().nullable(),
  /**
   * For a page that was not read as a listing on sale: the start of what it showed (title, text),
   * for the reviewer. Absent on listings on sale, so a year of daily checks stays small.
   */
  excerpt: z.string().max(400).nullable().optional(),
  /** On a `delisted` verdict: whether its rule was seen on the real marketplace or is assumed. */
  provenance: provenanceSchema.optional(),
  /**
   * For a page that was not read as a listing on sale: its fingerprint ("404 text/html html:…" —
   * status, content type, the body's template), what is compared with the kept not-found answers.
   */
  answer: z.string().max(200).optional(),
  /**
   * On a listing on sale: the new address (and id) the marketplace moved it to, by a permanent
   * redirect (a renamed slug-only address): the listing learns it and keeps its history.
   */
  movedTo: z.object({ url: z.string().url(), itemId: z.string().min(1) }).optional(),
});
export type Evidence = z.infer<typeof evidenceSchema>;

const observationBase = {
  marketplace: z.string().min(1),
  itemId: z.string().min(1),
  url: z.string().url(),
  checkedAt: z.iso.datetime(),
  evidence: evidenceSchema,
};

export const observationSchema = z.discriminatedUnion('verdict', [
  z.object({ ...observationBase, verdict: z.literal('active'), reason: z.literal('listed'), data: listingDataSchema }),
  z.object({
    ...observationBase,
    verdict: z.literal('delisted'),
    reason: delistedReasonSchema,
    data: z.null(),
    // Every removal names where its rule comes from.
    evidence: evidenceSchema.extend({ provenance: provenanceSchema }),
  }),
  z.object({ ...observationBase, verdict: z.literal('unknown'), reason: unknownReasonSchema, data: z.null() }),
]);
export type Observation = z.infer<typeof observationSchema>;
export type ActiveObservation = Extract<Observation, { verdict: 'active' }>;
