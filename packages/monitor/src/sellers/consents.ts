import { createHash, randomBytes } from 'node:crypto';
import { SellerAuthError, type SellerSource, type SellerTokens } from '@ocop-monitor/adapters';
import { sql } from 'drizzle-orm';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';
import { openTokens, sealTokens } from './token-vault.ts';

/** A consent step the store refused, in a sentence a producer or clerk can read (Vietnamese / English). */
export class ConsentError extends Error {
  override readonly name = 'ConsentError';
  /** `state_spent`: the callback's state is unknown or used already (another tab, a reload). */
  readonly kind: 'invalid' | 'state_spent';

  constructor(message: string, kind: 'invalid' | 'state_spent' = 'invalid') {
    super(message);
    this.kind = kind;
  }
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');
// Refreshed this long before the access token ends, so no daily check meets an expired one.
const REFRESH_AHEAD_MS = 30 * 60_000;
/** A link nobody answered stops working after this many days: staff send a new one. */
export const INVITE_VALID_DAYS = 30;
/** The shop of an invitation sent for a listing whose shop is not known yet: bound when the producer authorises. */
export const UNBOUND_SHOP = '';
/** Marketplaces whose token answer names the shop that authorised (their callback names none). */
const SHOP_FROM_TOKEN_ANSWER = new Set(['lazada', 'tiktok']);

interface ConsentRow {
  id: number;
  marketplace: string;
  shop_id: string;
  state: string;
  tokens: string | null;
}

/**
 * Staff invite a shop (from its listing on the marketplace): the returned token goes in the link the
 * producer receives; only its SHA-256 is kept.
 */
export async function inviteSellerConsent(
  db: Database,
  input: {
    marketplace: string;
    /**
     * The shop invited. Left out where the listing's address names no shop (Lazada, TikTok Shop):
     * the consent is then bound on completion to the shop the platform's token answer names.
     */
    shopId?: string;
    producerId?: number | null;
    invitedBy?: string | null;
  },
): Promise<{ consentId: number; inviteToken: string }> {
  if (input.shopId === undefined && !SHOP_FROM_TOKEN_ANSWER.has(input.marketplace))
    throw new ConsentError(`thiếu mã shop / a shop id is needed on ${input.marketplace}`);
  if (input.shopId !== undefined && !/^\d{1,20}$/u.test(input.shopId))
    throw new ConsentError(`mã shop không hợp lệ / not a shop id: ${input.shopId}`);
  const inviteToken = newToken();
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`insert into seller_consents (marketplace, shop_id, producer_id, invite_hash, invited_by)
        values (${input.marketplace}, ${input.shopId ?? UNBOUND_SHOP}, ${input.producerId ?? null}, ${hash(inviteToken)}, ${input.invitedBy ?? null})
        returning id`,
  );
  return { consentId: Number(row?.id), inviteToken };
}

/**
 * The producer opened the link and pressed "Đồng ý": a single-use authorisation state is issued
 * (only its hash kept) and the marketplace's authorisation page is where they go next.
 */
export async function beginSellerAuthorisation(
  db: Database,
  input: { inviteToken: string; source: SellerSource; callbackUrl: string; now?: Date },
): Promise<string> {
  const state = newToken();
  const rows = await queryRows<{ id: number }>(
    db,
    sql`update seller_consents set auth_state_hash = ${hash(state)}, updated_at = now()
        where invite_hash = ${hash(input.inviteToken)} and marketplace = ${input.source.marketplace}
          and ((state = 'invited' and created_at > now() - make_interval(days => ${INVITE_VALID_DAYS}))
               or (state = 'ended' and ended_why <> 'revoked'))
        returning id`,
  );
  if (rows.length === 0)
    throw new ConsentError(
      'liên kết không còn dùng được / this link can no longer be used: ask the department for a new one',
    );
  const callback = new URL(input.callbackUrl);
  callback.searchParams.set('state', state);
  return input.source.authorizationUrl({ redirect: callback.href, ...(input.now ? { now: input.now } : {}) });
}

/**
 * The marketplace sent the producer back with a code and the shop that authorised: the state must
 * be one this store issued (once), and the shop the one invited — anything else is refused and
 * nothing is stored. The tokens are sealed before they reach the store.
 */
export async function completeSellerAuthorisation(
  db: Database,
  input: {
    state: string;
    code: string;
    /**
     * The shop the platform's callback names (Shopee). Lazada and TikTok Shop name none: the invited
     * shop is then passed to the code exchange, whose token answer names the shop that authorised and
     * is refused when it is another one.
     */
    shopId?: string;
    source: SellerSource;
    key: Buffer;
    now?: Date;
  },
): Promise<{ consentId: number; shopId: string }> {
  // The state is spent whatever follows: a replayed callback finds nothing.
  const [row] = await queryRows<ConsentRow>(
    db,
    sql`update seller_consents set auth_state_hash = null, updated_at = now()
        where auth_state_hash = ${hash(input.state)} and marketplace = ${input.source.marketplace}
        returning id, marketplace, shop_id, state, tokens`,
  );
  if (!row)
    throw new ConsentError(
      'phiên đồng ý không hợp lệ hoặc đã dùng / unknown or spent authorisation state',
      'state_spent',
    );
  if (input.shopId !== undefined && row.shop_id !== input.shopId)
    throw new ConsentError(
      `shop đã đồng ý (${input.shopId.replace(/\D/gu, '').slice(0, 20)}) không phải shop được mời / the shop that authorised is not the shop invited`,
    );
  const tokens = await input.source.exchangeCode({
    code: input.code,
    shopId: row.shop_id,
    ...(input.now ? { now: input.now } : {}),
  });
  // An invitation for a shop not known yet is bound to the shop that authorised, as the platform names it.
  const shopId = row.shop_id === UNBOUND_SHOP ? tokens.shopId : row.shop_id;
  if (!/^\d{1,20}$/u.test(shopId) || shopId !== tokens.shopId)
    throw new ConsentError('sàn không nêu đúng shop đã đồng ý / the platform named another shop or none');
  await queryRows(
    db,
    sql`update seller_consents set state = 'active', tokens = ${sealTokens(tokens, input.key)}, shop_id = ${shopId},
          access_expires_at = ${tokens.accessExpiresAt}, ended_at = null, ended_why = null, ended_by = null,
          authorised_at = now(), updated_at = now()
        where id = ${row.id} and not (state = 'ended' and ended_why = 'revoked')`,
  );
  // Revoked while the code was being exchanged: staff's decision stands, the tokens are dropped.
  const [after] = await queryRows<{ state: string }>(db, sql`select state from seller_consents where id = ${row.id}`);
  if (after?.state !== 'active') throw new ConsentError('sự đồng ý đã bị thu hồi / the consent was revoked meanwhile');

  return { consentId: Number(row.id), shopId };
}

/** Ends a consent and forgets its tokens: the producer withdrew (by their link) or staff revoked it. */
export async function endSellerConsent(
  db: Database,
  which: { inviteToken: string } | { consentId: number },
  why: 'withdrawn' | 'revoked' | 'refresh_failed',
  /** The staff account that revoked it (kept for the product page's history). */
  by: string | null = null,
): Promise<boolean> {
  const where = 'inviteToken' in which ? sql`invite_hash = ${hash(which.inviteToken)}` : sql`id = ${which.consentId}`;
  // Withdrawing an active consent ends every live consent of that shop on that marketplace: a second
  // link must not keep reading it. Declining a mere invitation (by its link) ends that invitation only:
  // a consent the shop gave on another link stays.
  const wholeShop = 'inviteToken' in which ? sql`chosen.state = 'active'` : sql`true`;
  const ended = await queryRows(
    db,
    sql`update seller_consents c set state = 'ended', ended_why = ${why}, ended_at = now(), ended_by = ${by}, tokens = null,
          auth_state_hash = null, access_expires_at = null, updated_at = now()
        from (select id, marketplace, shop_id, state from seller_consents where ${where}) chosen
        where c.marketplace = chosen.marketplace and c.shop_id = chosen.shop_id and c.state <> 'ended'
          and (c.id = chosen.id or (${wholeShop} and chosen.shop_id <> ${UNBOUND_SHOP}))
        returning c.id`,
  );
  // Staff's revocation also closes the link itself, even if it had ended otherwise.
  const revoked =
    why === 'revoked'
      ? await queryRows(
          db,
          sql`update seller_consents set state = 'ended', ended_why = 'revoked', ended_at = coalesce(ended_at, now()), ended_by = ${by},
                tokens = null, auth_state_hash = null, updated_at = now()
              where ${where} and ended_why is distinct from 'revoked' returning id`,
        )
      : [];
  const rows = [...ended, ...revoked];
  return rows.length > 0;
}

/**
 * A consenting shop's tokens, refreshed (and stored again, sealed) when the access token ends
 * within half an hour; null when the shop has no active consent — or its tokens can no longer be
 * refreshed, which ends the consent (`refresh_failed`, for staff to see) so its listings fall back
 * to their pages.
 */
export function sellerTokensFor(
  db: Database,
  input: { source: SellerSource; shopId: string; key: Buffer; now?: Date },
): Promise<SellerTokens | null> {
  // One lookup per shop at a time: a shop's listings are checked side by side, and two refreshes
  // with one refresh token would have the second refused (the platform spends it) and end the consent.
  // Per store: two stores (two provinces' tests, two demos in one process) may hold the same shop id.
  const flights = inFlight.get(db) ?? new Map<string, Promise<SellerTokens | null>>();
  inFlight.set(db, flights);
  const flight = `${input.source.marketplace}:${input.shopId}`;
  const pending = flights.get(flight);
  if (pending) return pending;
  const lookup = tokensOfShop(db, input).finally(() => flights.delete(flight));
  flights.set(flight, lookup);
  return lookup;
}

const inFlight = new WeakMap<Database, Map<string, Promise<SellerTokens | null>>>();

type ShopInput = { source: SellerSource; shopId: string; key: Buffer; now?: Date };

/** The shop's active consent; `locked` holds its row until the transaction ends. */
async function activeConsentOf(db: Database, input: ShopInput, locked: boolean): Promise<ConsentRow | undefined> {
  const [row] = await queryRows<ConsentRow>(
    db,
    sql`select id, marketplace, shop_id, state, tokens from seller_consents
        where marketplace = ${input.source.marketplace} and shop_id = ${input.shopId} and state = 'active'
        order by updated_at desc limit 1 ${locked ? sql`for update` : sql``}`,
  );
  return row;
}

const isDue = (tokens: SellerTokens, now: Date) =>
  new Date(tokens.accessExpiresAt).getTime() - now.getTime() <= REFRESH_AHEAD_MS;

async function tokensOfShop(db: Database, input: ShopInput): Promise<SellerTokens | null> {
  const now = input.now ?? new Date();
  const row = await activeConsentOf(db, input, false);
  if (!row?.tokens) return null;
  let tokens: SellerTokens;
  try {
    tokens = openTokens(row.tokens, row.shop_id, input.key);
  } catch {
    // Another key (rotated) or a damaged cell: the listing is read from its page until consent is given again.
    await endSellerConsent(db, { consentId: Number(row.id) }, 'refresh_failed');
    return null;
  }
  if (!isDue(tokens, now)) return tokens;
  // The refresh token is single-use: the refresh runs with the consent's row locked, so another
  // process (a second worker, the dashboard) refreshing the same shop waits and then finds the new
  // tokens instead of spending the old refresh token again and ending a valid consent.
  return db.transaction((txn) => refreshLocked(txn as unknown as Database, input, now));
}

async function refreshLocked(tx: Database, input: ShopInput, now: Date): Promise<SellerTokens | null> {
  const row = await activeConsentOf(tx, input, true);
  if (!row?.tokens) return null;
  let tokens: SellerTokens;
  try {
    tokens = openTokens(row.tokens, row.shop_id, input.key);
  } catch {
    await endSellerConsent(tx, { consentId: Number(row.id) }, 'refresh_failed');
    return null;
  }
  // Refreshed by another caller while this one waited for the lock.
  if (!isDue(tokens, now)) return tokens;
  try {
    const renewed = await input.source.refreshTokens(tokens, now);
    await queryRows(
      tx,
      sql`update seller_consents set tokens = ${sealTokens(renewed, input.key)}, access_expires_at = ${renewed.accessExpiresAt},
            refreshes = refreshes + 1, updated_at = now() where id = ${row.id}`,
    );
    return renewed;
  } catch (error) {
    if (error instanceof SellerAuthError && error.needsConsent) {
      await endSellerConsent(tx, { consentId: Number(row.id) }, 'refresh_failed');
      return null;
    }
    // The platform did not answer: the current token still works until it ends.
    return new Date(tokens.accessExpiresAt) > now ? tokens : null;
  }
}
