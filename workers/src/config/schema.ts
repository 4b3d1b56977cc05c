import { marketplacesConfigSchema, politeClientOptionsSchema } from '@ocop-monitor/adapters';
import { monitorConfigSchema } from '@ocop-monitor/monitor';
import { notifyConfigSchema } from '@ocop-monitor/notify';
import { z } from 'zod';
import { queueConfigSchema } from '../queue/options.ts';

/** The whole configuration, validated at start-up; every error names its key. */
export const configSchema = z.object({
  http: politeClientOptionsSchema.omit({ allowedHosts: true }).prefault({}),
  marketplaces: marketplacesConfigSchema.extend({
    /** Provincial floor files, relative to the config file that lists them. */
    floorFiles: z.array(z.string().min(1)).default([]),
  }),
  monitor: monitorConfigSchema.prefault({}),
  queue: queueConfigSchema.prefault({}),
  notify: notifyConfigSchema.prefault({}),
  /** PostgreSQL URL (env DATABASE_URL); without it the store is PGlite under dataDir. */
  databaseUrl: z.string().url().optional(),
  dataDir: z.string().min(1).default('./data/pglite'),
  log: z.object({ level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'silent']).default('info') }).prefault({}),
});
export type Config = z.output<typeof configSchema>;
