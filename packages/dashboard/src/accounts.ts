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

function checkPassword(password: string): void {
  if (normalise(password).length < 10) throw new AccountError('a password has at least 10 characters');
}

export async function addUser(
  db: Database,
  input: { username: string; displayName: string; password: string; role: Role },
): Promise<User> {
  const username = input.username.normalize('NFC').trim().toLowerCase();
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
    sql`update users set password_hash = ${await hash(normalise(password))}, updated_at = now() where username = ${username.toLowerCase()} returning id`,
  );
  if (!changed[0]) throw new AccountError(`no user ${username}`);
  await db.execute(sql`delete from sessions where user_id = ${changed[0].id}`);
}

/** Disables an account: it cannot log in, and its sessions end at once. */
export async function disableUser(db: Database, username: string): Promise<void> {
  const changed = await queryRows<{ id: number }>(
    db,
    sql`update users set disabled_at = now(), updated_at = now() where username = ${username.toLowerCase()} returning id`,
  );
  if (!changed[0]) throw new AccountError(`no user ${username}`);
  await db.execute(sql`delete from sessions where user_id = ${changed[0].id}`);
}

/** The user, if the password is theirs and the account is enabled. */
export async function checkLogin(db: Database, username: string, password: string): Promise<User | null> {
  const [user] = await queryRows<{
    id: number;
    username: string;
    display_name: string;
    role: Role;
    password_hash: string;
    disabled_at: string | null;
  }>(
    db,
    sql`select id, username, display_name, role, password_hash, disabled_at from users where username = ${username.normalize('NFC').trim().toLowerCase()}`,
  );
  if (!user || user.disabled_at) return null;
  if (!(await verify(user.password_hash, normalise(password)))) return null;
  return { id: user.id, username: user.username, displayName: user.display_name, role: user.role };
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
