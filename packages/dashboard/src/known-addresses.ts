import { createHash } from 'node:crypto';
import { type Database, queryRows } from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';

/** The last addresses an account logged in from: a laptop moving between offices, not a list that grows. */
const KNOWN_PER_ACCOUNT = 20;

/**
 * What the store keeps of an address: a hash of it with the account's id, so the table neither
 * lists where people log in from nor shows two accounts sharing an office. (An IPv4 address is
 * guessable from its hash by trying them all; the hash keeps it from being read at a glance.)
 */
const addressHash = (userId: number, address: string) =>
  createHash('sha256').update(`ocop-monitor login address\0${userId}\0${address}`).digest('hex');

/** Whether the account named `username` (already normalised) logged in from `address` before. */
export async function isKnownAddress(db: Database, username: string, address: string): Promise<boolean> {
  const [user] = await queryRows<{ id: string | number }>(db, sql`select id from users where username = ${username}`);
  if (!user) return false;
  const id = Number(user.id);
  const rows = await queryRows(
    db,
    sql`select 1 from login_addresses where user_id = ${id} and address_hash = ${addressHash(id, address)}`,
  );
  return rows.length > 0;
}

/** Remembers a successful login's address for its account, keeping the latest KNOWN_PER_ACCOUNT. */
export async function rememberAddress(db: Database, userId: number, address: string): Promise<void> {
  const id = Number(userId);
  await db.transaction(async (tx) => {
    await tx.execute(
      sql`insert into login_addresses (user_id, address_hash) values (${id}, ${addressHash(id, address)})
          on conflict (user_id, address_hash) do update set last_success_at = now()`,
    );
    await tx.execute(
      sql`delete from login_addresses where user_id = ${id} and address_hash not in (
            select address_hash from login_addresses where user_id = ${id}
            order by last_success_at desc limit ${KNOWN_PER_ACCOUNT})`,
    );
  });
}
