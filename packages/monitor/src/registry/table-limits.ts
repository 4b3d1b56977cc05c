import { z } from 'zod';

/**
 * How big an import file may be, wherever it comes from (the CLI, a dashboard upload). A province's
 * registry is a few thousand rows in under a megabyte; these leave ample room and keep a hostile
 * file (a 555 KB XLSX that expands to 142 MB) far below the service's memory cap.
 */
export const tableLimitsSchema = z.object({
  /** The file itself (CSV text, or the XLSX's ZIP). */
  maxFileBytes: z
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  /** An XLSX's parts once decompressed, together. */
  maxUncompressedBytes: z
    .number()
    .int()
    .positive()
    .default(20 * 1024 * 1024),
  /** Data rows (a province has at most a few thousand products; listings a few per product). */
  maxRows: z.number().int().positive().default(50_000),
  /** Cells, counted row by row as they are read. */
  maxCells: z.number().int().positive().default(1_000_000),
});
export type TableLimits = z.output<typeof tableLimitsSchema>;
export const DEFAULT_TABLE_LIMITS: TableLimits = tableLimitsSchema.parse({});

/** "12.5 MB" (or "4 KB"), for the messages that name a limit. */
export const describeBytes = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
