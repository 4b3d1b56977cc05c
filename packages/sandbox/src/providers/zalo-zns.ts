import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { startJsonApi } from './http-json.ts';

interface ZnsMessage {
  phone: string;
  templateId: string;
  data: Record<string, string>;
  trackingId: string;
}

/**
 * A ZNS-shaped API (Zalo Notification Service), with Zalo's response shapes: errors in the body
 * with HTTP 200, `access_token` header, single-use refresh tokens, `expires_in` as a string.
 * Phones ending in 3 or 7 (about one in five) are "not on Zalo" (-118): a sender falls back to SMS.
 */
export async function startZnsSimulator(
  host: string,
  credentials: { appId: string; secretKey: string; refreshToken: string },
) {
  let accessToken: string | null = null;
  let refreshToken = credentials.refreshToken;
  const messages: ZnsMessage[] = [];
  let refreshes = 0;
  const api = await startJsonApi(host, {
    'POST /v4/oa/access_token': (request, body) => {
      const form = new URLSearchParams(body);
      if (request.headers.secret_key !== credentials.secretKey || form.get('app_id') !== credentials.appId)
        return { json: { error: -14002, error_description: 'Invalid app or secret key' } };
      if (form.get('refresh_token') !== refreshToken)
        return { json: { error: -14014, error_description: 'Invalid refresh token' } }; // single use
      refreshes += 1;
      accessToken = `at-${randomBytes(8).toString('hex')}`;
      refreshToken = `rt-${randomBytes(8).toString('hex')}`;
      return { json: { access_token: accessToken, refresh_token: refreshToken, expires_in: '90000' } };
    },
    'POST /message/template': (request, body) => {
      if (!accessToken || request.headers.access_token !== accessToken)
        return { json: { error: -124, message: 'Access token is invalid' } };
      const sent = JSON.parse(body) as {
        phone: string;
        template_id: string;
        template_data: Record<string, string>;
        tracking_id: string;
      };
      if (/[37]$/u.test(sent.phone)) return { json: { error: -118, message: 'Zalo account not existed' } };
      for (const value of Object.values(sent.template_data))
        if (value.length > 200) return { json: { error: -1121, message: 'Parameter exceeds max length' } };
      messages.push({
        phone: sent.phone,
        templateId: sent.template_id,
        data: sent.template_data,
        trackingId: sent.tracking_id,
      });
      return {
        json: {
          error: 0,
          message: 'Success',
          data: {
            msg_id: randomBytes(10).toString('hex'),
            sent_time: String(Date.now()),
            sending_mode: null,
            quota: { dailyQuota: '500', remainingQuota: String(500 - messages.length) },
          },
        },
      };
    },
  });
  return {
    url: api.url,
    server: api.server as Server,
    messages,
    get refreshes() {
      return refreshes;
    },
    /** The tokens it issued last: what a test looks for where no secret may appear. */
    get issued() {
      return { accessToken, refreshToken };
    },
    /** Zalo invalidates the access token (the next send answers -124). */
    expireAccessToken() {
      accessToken = `expired-${randomBytes(4).toString('hex')}`;
    },
  };
}
