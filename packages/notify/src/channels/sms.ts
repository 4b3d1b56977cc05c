import { createHash } from 'node:crypto';
import { errorText } from '@ocop-monitor/monitor';
import { request } from 'undici';
import { foldForSms, smsSegments } from '../text/sms-text.ts';
import type { Channel, OutgoingMessage, SendResult } from './channel.ts';

export interface SmsConfig {
  /** The provider's API, eSMS.vn's shape (ViHAT): https://rest.esms.vn */
  apiUrl: string;
  apiKey: string;
  secretKey: string;
  brandname: string;
  /** Send with diacritics (UCS-2: 70 characters a segment, about 3× the cost); off by default. */
  unicode: boolean;
}

/** +84912345678 → 0912345678, the form eSMS documents. */
const localPhone = (phone: string) => phone.replace(/^\+84/u, '0');

/** eSMS de-duplicates a RequestId (≤ 50 characters) within a day: a stable hash of our key. */
export const smsRequestId = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 40);

const FALLBACK = new Set(['99', '108']);
const ADMIN = new Set(['101', '102', '103', '104', '118', '140', '146', '177']);

/**
 * SMS brandname through an eSMS-shaped API (customer-care type 2). The text is folded to plain
 * letters unless `unicode`; the segment count is kept with the message. eSMS answers 100 for
 * "accepted" and 124 for a RequestId it already has, which is a send that already happened.
 */
export function createSmsChannel(config: SmsConfig): Channel {
  return {
    id: 'sms',
    deduplicatesByKey: true,
    phone: true,
    async send(message: OutgoingMessage): Promise<SendResult> {
      const raw = String(message.payload.sms ?? message.payload.subject ?? '');
      const content = config.unicode ? raw : foldForSms(raw);
      const { segments } = smsSegments(content);
      try {
        const response = await request(`${config.apiUrl}/MainService.svc/json/SendMultipleMessage_V4_post_json/`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            ApiKey: config.apiKey,
            SecretKey: config.secretKey,
            Phone: localPhone(message.recipient),
            Content: content,
            Brandname: config.brandname,
            SmsType: '2',
            IsUnicode: config.unicode ? '1' : '0',
            Sandbox: '0',
            RequestId: smsRequestId(message.key),
          }),
          headersTimeout: 15_000,
          bodyTimeout: 15_000,
        });
        const answer = (await response.body.json()) as { CodeResult?: string; SMSID?: string; ErrorMessage?: string };
        const code = String(answer.CodeResult ?? response.statusCode);
        const why = `SMS ${code}${answer.ErrorMessage ? `: ${answer.ErrorMessage}` : ''} (${segments} segment${segments > 1 ? 's' : ''})`;
        if (code === '100' || code === '124')
          return { outcome: 'sent', ...(answer.SMSID ? { providerMessageId: answer.SMSID } : {}) };
        if (FALLBACK.has(code)) return { outcome: 'fallback', error: why };
        if (ADMIN.has(code)) return { outcome: 'fallback', error: `admin: ${why}` };
        return { outcome: 'retry', error: why };
      } catch (error) {
        return { outcome: 'retry', error: `SMS: ${errorText(error)}` };
      }
    },
  };
}
