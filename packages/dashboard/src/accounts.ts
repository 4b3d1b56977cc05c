import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { type Database, queryRows } from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';

export const ROLES = ['admin', 'reviewer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
}

/** An account operation that cannot be done (unknown user, weak password…); the message says why. */
export class AccountError extends Error {
  override readonly name = 'AccountError';
}

// NFKC first: the same password typed with composed or decomposed Vietnamese letters must match.
const normalise = (password: string) => password.normalize('NFKC');

/**
 * The one form of a typed account name: NFC, trimmed, lower case. The lookup and the login limits
 * both key on it, so `demo`, ` DEMO ` and a decomposed spelling are one account everywhere.
 */
export const normaliseUsername = (username: string) => username.normalize('NFC').trim().toLowerCase();

/**
 * A hash of a password nobody knows: an unknown account name is verified against it, so it costs
 * an Argon2 run like a real one and the answer's timing does not tell which accounts exist.
 */
const unknownAccountHash = hash(randomBytes(24).toString('base64url'));

function checkPassword(password: string): void {
  if (normalise(password).length < 10) throw new AccountError('a password has at least 10 characters');
}

export async function addUser(
  db: Database,
  input: { username: string; displayName: string; password: string; role: Role },
): Promise<User> {
  const username = normaliseUsername(input.username);
  if (!/^[a-z0-9._-]{3,40}$/u.test(username))
    throw new AccountError('a username is 3–40 letters, digits, dots, dashes');
  if (!ROLES.includes(input.role)) throw new AccountError(`the role is one of ${ROLES.join(', ')}`);
  checkPassword(input.password);
  const [existing] = await queryRows<{ id: number }>(db, sql`select id from users where username = ${username}`);
  if (existing) throw new AccountError(`the user ${username} exists already`);
  const [created] = await queryRows<{ id: number }>(
    db,
    sql`insert into users (username, display_name, password_hash, role)
        values (${username}, ${input.displayName.normalize('NFC').trim()}, ${await hash(normalise(input.password))}, ${input.role}) returning id`,
  );
  return { id: created?.id ?? 0, username, displayName: input.displayName, role: input.role };
}

/** A new password; every session of the user ends. */
export async function setPassword(db: Database, username: string, password: string): Promise<void> {
  checkPassword(password);
  const changed = await queryRows<{ id: number }>(
    db,
    sql`update users set password_hash = ${await hash(normalise(password))}, updated_at = now() where username = ${normaliseUsername(username)} returning id`,
  );
  if (!changed[0]) throw new AccountError(`no user ${username}`);
  await db.execute(sql`delete from sessions where user_id = ${changed[0].id}`);
}

/** Disables an account: it cannot log in, and its sessions end at once. */
export async function disableUser(db: Database, username: string): Promise<void> {
  const changed = await queryRows<{ id: number }>(
    db,
    sql`update users set disabled_at = now(), updated_at = now() where username = ${normaliseUsername(username)} returning id`,
  );
  if (!changed[0]) throw new AccountError(`no user ${username}`);
  await db.execute(sql`delete from sessions where user_id = ${changed[0].id}`);
}

/**
 * The account a login names (enabled or not), or null; and whether the password is its own. Every
 * path costs one Argon2 verify, known account or not.
 */
export async function checkLogin(
  db: Database,
  username: string,
  password: string,
): Promise<{ user: User | null; accountId: number | null }> {
  const [user] = await queryRows<{
    id: number;
    username: string;
    display_name: string;
    role: Role;
    password_hash: string;
    disabled_at: string | null;
  }>(
    db,
    sql`select id, username, display_name, role, password_hash, disabled_at from users where username = ${normaliseUsername(username)}`,
  );
  const matches = await verify(user?.password_hash ?? (await unknownAccountHash), normalise(password));
  if (!user) return { user: null, accountId: null };
  if (!matches || user.disabled_at) return { user: null, accountId: user.id };
  return {
    user: { id: user.id, username: user.username, displayName: user.display_name, role: user.role },
    accountId: user.id,
  };
}

const SESSION_HOURS = 12;
const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export async function startSession(
  db: Database,
  userId: number,
  now = new Date(),
): Promise<{ token: string; csrf: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  await db.execute(
    sql`insert into sessions (id, user_id, csrf_token, expires_at)
        values (${digest(token)}, ${userId}, ${csrf}, ${new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString()}::timestamptz)`,
  );
  return { token, csrf };
}

export async function readSession(
  db: Database,
  token: string,
  now = new Date(),
): Promise<{ user: User; csrf: string } | null> {
  const [row] = await queryRows<{ id: number; username: string; display_name: string; role: Role; csrf_token: string }>(
    db,
    sql`select u.id, u.username, u.display_name, u.role, s.csrf_token from sessions s join users u on u.id = s.user_id
        where s.id = ${digest(token)} and s.expires_at > ${now.toISOString()}::timestamptz and u.disabled_at is null`,
  );
  return row
    ? {
        user: { id: row.id, username: row.username, displayName: row.display_name, role: row.role },
        csrf: row.csrf_token,
      }
    : null;
}

export async function endSession(db: Database, token: string): Promise<void> {
  await db.execute(sql`delete from sessions where id = ${digest(token)}`);
}

/** Removes sessions that expired (they grant nothing, but a table of them is a list of past logins). */
export async function purgeExpiredSessions(db: Database, now = new Date()): Promise<number> {
  const gone = await queryRows<{ id: string }>(
    db,
    sql`delete from sessions where expires_at <= ${now.toISOString()}::timestamptz returning id`,
  );
  return gone.length;
}
