import { z } from 'zod';
import { htmlListingLayoutSchema } from '../html-listing/layout.ts';

/**
 * One provincial e-commerce trading floor (sàn giao dịch TMĐT tỉnh). Floors are built by a few
 * vendors on generic shop templates, so each is configuration: base URL, id patterns, selectors or
 * JSON-LD, removal phrases (see config/floors/*.yaml).
 */
export const provincialFloorOptionsSchema = z.object({
  /** Adapter id, by convention `floor-<province>`: `floor-quangtri`. */
  id: z.string().regex(/^floor-[a-z0-9-]+$/u, 'a provincial floor id looks like floor-<province>'),
  displayName: z.string().min(1),
  /** Province code (2025 code table) the floor belongs to. */
  provinceCode: z.string().min(1).optional(),
  baseUrl: z.string().url(),
  /** Floors show view counts more often than sold counts. */
  soldCount: z.enum(['exact', 'approximate', 'mixed', 'none']).default('exact'),
  maxShopPages: z.number().int().positive().default(50),
  layout: htmlListingLayoutSchema,
});
export type ProvincialFloorOptions = z.input<typeof provincialFloorOptionsSchema>;
