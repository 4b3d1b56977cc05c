import { type Database, queryRows } from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';
import { request } from 'undici';

export interface ZaloOAuth {
  oauthUrl: string;
  appId: string;
  secretKey: string;
  /** Seeds the store the first time; afterwards the stored (rotated) refresh token is used. */
  refreshToken: string;
}

/** Zalo refused to refresh: an OA admin must re-authorise the app (the producer gets the next channel). */
export class ZaloAuthError extends Error {
  override readonly name = 'ZaloAuthError';
}

/**
 * The Zalo OA access token: refreshed ahead of expiry, once for all processes. Zalo's refresh
 * tokens are single-use (each refresh returns a new one), so two processes refreshing at once would
 * burn one and lock the OA out until an admin re-authorises: the refresh runs in a transaction
 * holding the token row's lock, re-reads it, and only then calls Zalo. In this process, concurrent
 * callers share one refresh (single flight).
 */
export class ZaloTokens {
  readonly #db: Database;
  readonly #oauth: ZaloOAuth;
  #inFlight: Promise<string> | null = null;

  constructor(db: Database, oauth: ZaloOAuth) {
    this.#db = db;
    this.#oauth = oauth;
  }

  /** A valid access token (refreshed when it has less than 6 h left, or when `stale` is the one Zalo refused). */
  async accessToken(stale?: string): Promise<string> {
    const [row] = await queryRows<{ access_token: string | null; access_expires_at: string | null }>(
      this.#db,
      sql`select access_token, access_expires_at::text from channel_tokens where channel = 'zns'`,
    );
    const fresh =
      row?.access_token &&
      row.access_expires_at &&
      new Date(row.access_expires_at).getTime() - Date.now() > 6 * 3_600_000;
    if (fresh && row.access_token !== stale) return row.access_token as string;
    this.#inFlight ??= this.#refresh(stale).finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  async #refresh(stale: string | undefined): Promise<string> {
    await this.#db.execute(
      sql`insert into channel_tokens (channel, refresh_token) values ('zns', ${this.#oauth.refreshToken}) on conflict (channel) do nothing`,
    );
    return this.#db.transaction(async (txn) => {
      const tx = txn as unknown as Database;
      const [row] = await queryRows<{
        access_token: string | null;
        refresh_token: string;
        access_expires_at: string | null;
      }>(
        tx,
        sql`select access_token, refresh_token, access_expires_at::text from channel_tokens where channel = 'zns' for update`,
      );
      if (!row) throw new Error('the ZNS token row vanished');
      // Another process refreshed while we waited for the lock: use its token.
      if (
        row.access_token &&
        row.access_token !== stale &&
        row.access_expires_at &&
        new Date(row.access_expires_at) > new Date()
      )
        return row.access_token;
      const response = await request(`${this.#oauth.oauthUrl}/v4/oa/access_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', secret_key: this.#oauth.secretKey },
        body: new URLSearchParams({
          refresh_token: row.refresh_token,
          app_id: this.#oauth.appId,
          grant_type: 'refresh_token',
        }).toString(),
        headersTimeout: 15_000,
        bodyTimeout: 15_000,
      });
      const answer = (await response.body.json()) as {
        access_token?: string;
        refresh_token?: string;
        expires_in?: string | number;
        error?: number;
        error_description?: string;
      };
      if (!answer.access_token || !answer.refresh_token)
        throw new ZaloAuthError(
          `Zalo refused the token refresh (${answer.error ?? response.statusCode}: ${answer.error_description ?? 'no token'}); an OA admin must re-authorise the app`,
        );
      // expires_in comes as a string ("90000"): seconds.
      const expiresAt = new Date(Date.now() + Number(answer.expires_in ?? 3_600) * 1000);
      await tx.execute(
        sql`update channel_tokens set access_token = ${answer.access_token}, refresh_token = ${answer.refresh_token},
              access_expires_at = ${expiresAt.toISOString()}::timestamptz, refreshed_at = now() where channel = 'zns'`,
      );
      return answer.access_token;
    });
  }
}
