import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Database } from './open-store.ts';
import { queryRows } from './query-rows.ts';

export const MIGRATIONS = fileURLToPath(new URL('../../migrations', import.meta.url));

/** A database migrated by newer (or, through an owner, older) code than this one is refused: its schema may mean other things. */
export class StoreVersionError extends Error {
  override readonly name = 'StoreVersionError';
}

/** The newest migration this code knows. */
export function latestKnownMigration(): { tag: string; when: number } {
  const journal = JSON.parse(readFileSync(`${MIGRATIONS}/meta/_journal.json`, 'utf8')) as {
    entries: Array<{ tag: string; when: number }>;
  };
  const last = journal.entries.at(-1);
  if (!last) throw new Error('the migrations journal is empty');
  return last;
}

/**
 * Refuses a store this code does not know the schema of: one migrated by a newer ocop-monitor
 * (`newer`), or — when it is reached through its owner, which migrates and this command cannot —
 * one that is not exactly at this code's latest migration (`exact`).
 */
export async function checkMigrations(
  db: Database,
  location: string,
  rule: 'newer' | 'exact',
  owner = '',
): Promise<void> {
  const [table] = await queryRows<{ name: string | null }>(
    db,
    sql`select to_regclass('drizzle.__drizzle_migrations')::text as name`,
  );
  const [row] = table?.name
    ? await queryRows<{ applied: string | null }>(
        db,
        sql`select max(created_at)::text as applied from drizzle.__drizzle_migrations`,
      )
    : [{ applied: null }];
  const applied = Number(row?.applied ?? 0);
  const known = latestKnownMigration();
  if (applied > known.when) {
    throw new StoreVersionError(
      `The database at ${location} was migrated by a newer ocop-monitor (migration of ${new Date(applied).toISOString()}); ` +
        `this version knows migrations up to ${known.tag}. Upgrade ocop-monitor, or point DATABASE_URL elsewhere.`,
    );
  }
  if (rule === 'exact' && applied < known.when) {
    throw new StoreVersionError(
      `The store at ${location} is served by ${owner || 'its owner'}, an older ocop-monitor than this one (its schema ends before ${known.tag}). ` +
        'Restart that service so that it runs the upgraded version, then try again.',
    );
  }
}
