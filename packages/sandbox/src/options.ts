import { z } from 'zod';
import { faultsOptionSchema } from './faults.ts';

const kinds = <T extends z.ZodType>(schema: T) =>
  z.object({ voso: schema, postmart: schema, floor: schema, tiki: schema });

export const sandboxOptionsSchema = z.object({
  seed: z.number().int().default(1),
  /** Registry size; the sandbox handles 20,000 products / ~60,000 listings. */
  products: z.number().int().min(1).max(50_000).default(300),
  /**
   * Registry products per producer. Each producer keeps one shop per marketplace, so this sets shop
   * sizes: 2.2 is a typical province; 30 gives cooperatives with shops of ten listings and more.
   */
  productsPerProducer: z.number().min(1).max(200).default(2.2),
  /** Average listings per registry product (about one product in six is on no marketplace). */
  listingsPerProduct: z.number().min(0.1).max(3.3).default(1.35),
  /** Calendar date of day 0. */
  startDate: z.iso.date().default('2026-01-05'),
  /** Each marketplace removes listings that had no transaction for this many days. */
  delistAfterDaysWithoutSales: kinds(z.number().int().positive()).default({
    voso: 60,
    postmart: 90,
    floor: 120,
    tiki: 45,
  }),
  /** Daily chance that a listing is removed for another reason (policy, the seller). */
  otherRemovalsPerDay: z.number().min(0).max(1).default(0.0005),
  faults: faultsOptionSchema.default('none'),
  host: z.string().default('127.0.0.1'),
  /** First port; marketplaces take the next ones. 0 picks free ports. */
  port: z.number().int().min(0).max(65_535).default(0),
});
export type SandboxOptions = z.input<typeof sandboxOptionsSchema>;
export type WorldOptions = z.output<typeof sandboxOptionsSchema>;
