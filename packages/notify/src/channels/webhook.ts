import { createHmac } from 'node:crypto';
import { errorText } from '@ocop-monitor/monitor';
import { request } from 'undici';
import type { Channel, OutgoingMessage, SendResult } from './channel.ts';

/** Standard Webhooks v1 signature: base64 HMAC-SHA256 of `${id}.${timestamp}.${body}` with the secret. */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/u, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
}

/**
 * Signed webhooks (Standard Webhooks): the same `webhook-id` on every retry, so a receiver
 * de-duplicates; 410 Gone stops the endpoint's messages, 429/5xx are retried after Retry-After.
 */
export function createWebhookChannel(endpoints: ReadonlyArray<{ name: string; url: string; secret: string }>): Channel {
  const byUrl = new Map(endpoints.map((endpoint) => [endpoint.url, endpoint]));
  return {
    id: 'webhook',
    deduplicatesByKey: true,
    phone: false,
    async send(message: OutgoingMessage): Promise<SendResult> {
      const endpoint = byUrl.get(message.recipient);
      if (!endpoint) return { outcome: 'failed', error: `no webhook configured at ${message.recipient}` };
      const body = JSON.stringify(message.payload);
      const id = message.key.replaceAll('.', '_'); // ids must not contain '.'
      const timestamp = Math.floor(Date.now() / 1000);
      try {
        const response = await request(endpoint.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'webhook-id': id,
            'webhook-timestamp': String(timestamp),
            'webhook-signature': signWebhook(endpoint.secret, id, timestamp, body),
          },
          body,
          headersTimeout: 15_000,
          bodyTimeout: 15_000,
        });
        await response.body.dump();
        if (response.statusCode >= 200 && response.statusCode < 300) return { outcome: 'sent' };
        if (response.statusCode === 410)
          return { outcome: 'failed', error: `${endpoint.name}: 410 Gone (endpoint retired)` };
        const retryAfter = Number(response.headers['retry-after']);
        return {
          outcome: 'retry',
          error: `${endpoint.name}: HTTP ${response.statusCode}`,
          ...(Number.isFinite(retryAfter) ? { retryAfterMs: retryAfter * 1000 } : {}),
        };
      } catch (error) {
        return { outcome: 'retry', error: `${endpoint.name}: ${errorText(error)}` };
      }
    },
  };
}
