import { fileURLToPath } from 'node:url';
import { openStore, type Store, vietnamDay } from '@ocop-monitor/monitor';
import type { Config } from './config/schema.ts';
import { refuseNewStoreBesideInstall } from './store-elsewhere.ts';

/** Where the build keeps a new embedded store ready-made (workers/scripts/build-cli.ts). */
export const STORE_TEMPLATES = fileURLToPath(new URL('../dist/store-template', import.meta.url));

/** The store the configuration names: PostgreSQL with DATABASE_URL, else PGlite under dataDir. */
export async function openConfiguredStore(config: Config): Promise<Store> {
  if (!config.databaseUrl && !config.newStore) refuseNewStoreBesideInstall(config.dataDir);
  return openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, templateDir: STORE_TEMPLATES });
}

/** Today's date in Asia/Ho_Chi_Minh, where the province's days begin and end. */
export function todayInVietnam(now = new Date()): string {
  return vietnamDay(now);
}

export function parseIsoDate(text: string, what: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`))) {
    throw new Error(`${what} must be a date like 2026-11-23, not "${text}"`);
  }
  return text;
}
