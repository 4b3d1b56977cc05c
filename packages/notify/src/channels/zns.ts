import { errorText, formatDate, marketplaceName } from '@ocop-monitor/monitor';
import { request } from 'undici';
import type { Channel, OutgoingMessage, SendResult } from './channel.ts';
import { httpFailureMoment } from './send-failure.ts';
import { ZaloAuthError, type ZaloTokens } from './zalo-tokens.ts';

export interface ZnsTemplateConfig {
  /** Zalo template id per alert type, as approved in the ZBS portal. */
  templates: Record<string, string>;
  apiUrl: string;
  /** How long to wait for Zalo's answer (headers, then body). */
  timeoutMs?: number;
}

/** Parameter limits of ZNS templates (product names of OCOP products often pass 30 characters). */
const PARAM_LIMITS: Record<string, number> = {
  producer_name: 30,
  product_name: 200,
  marketplace: 30,
  since_date: 20,
  detail_url: 200,
};

const truncate = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** +84912345678 → 84912345678: the form ZNS expects. */
const znsPhone = (phone: string) => phone.replace(/^\+/u, '').replace(/^0/u, '84');

const FALLBACK = new Set([-108, -110, -114, -118, -119, -134, -139, -141]);
const ADMIN = new Set([
  -101, -102, -103, -104, -105, -109, -113, -115, -117, -120, -125, -131, -135, -1351, -136, -137, -138, -145, -146,
]);
const NEXT_DAY = new Set([-144, -1441, -147, -1471, -160]);

/** 06:00 Asia/Ho_Chi_Minh of the next day (or today's, if it is still ahead). */
function nextMorning(now: Date, days = 1): Date {
  const local = new Date(now.getTime() + 7 * 3_600_000);
  local.setUTCHours(6, 0, 0, 0);
  local.setUTCDate(local.getUTCDate() + days);
  return new Date(local.getTime() - 7 * 3_600_000);
}

/** What Zalo's answer (its error code, with HTTP 200) means for the message. */
function answerOf(answer: { error: number; message?: string; data?: { msg_id?: string } }): SendResult {
  const code = answer.error;
  const why = `ZNS ${code}: ${answer.message ?? ''}`.trim();
  if (code === 0) return { outcome: 'sent', ...(answer.data?.msg_id ? { providerMessageId: answer.data.msg_id } : {}) };
  if (FALLBACK.has(code)) return { outcome: 'fallback', error: why };
  if (ADMIN.has(code)) return { outcome: 'fallback', error: `admin: ${why}` };
  if (code === -133) {
    const today = nextMorning(new Date(), 0); // this template may not go out at night
    return { outcome: 'defer', error: why, until: today > new Date() ? today : nextMorning(new Date()) };
  }
  if (NEXT_DAY.has(code)) return { outcome: 'defer', error: why, until: nextMorning(new Date()) };
  if (code === -124) return { outcome: 'fallback', error: `admin: ${why} (even after a refresh)` };
  // Zalo answered with an error of its own: the message was not taken, so trying again is safe.
  return { outcome: 'retry', error: why };
}

/**
 * Zalo ZNS by phone number: an approved template per alert type, its parameters cut to their
 * limits, the `access_token` header, and Zalo's error codes (which come with HTTP 200) mapped to
 * what to do: retry, fall back to the producer's next channel (not on Zalo, refused), defer (night,
 * quotas), or stop for an admin (app, template or billing problems; the producer still gets the
 * next channel).
 */
/**
 * The parameters a ZNS message fills into the template registered with Zalo (its wording is
 * Zalo-approved, not ours): the outbox's facts, each cut to the length Zalo accepts. Also what the
 * dashboard shows a reviewer as the Zalo message.
 */
export function znsTemplateData(facts: Record<string, unknown>): Record<string, string> {
  const data: Record<string, string> = {
    producer_name: String(facts.producerName),
    product_name: String(facts.productName),
    // The producer reads the marketplace's name (voso.vn), never its id.
    marketplace: String(facts.marketplaceName ?? marketplaceName(String(facts.marketplace))),
    since_date: formatDate(String(facts.openedAt)),
    detail_url: String(facts.listingUrl),
  };
  for (const [name, max] of Object.entries(PARAM_LIMITS)) data[name] = truncate(data[name] ?? '', max);
  return data;
}

export function createZnsChannel(config: ZnsTemplateConfig, tokens: ZaloTokens): Channel {
  async function post(token: string, body: string) {
    const response = await request(`${config.apiUrl}/message/template`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', access_token: token },
      body,
      headersTimeout: config.timeoutMs ?? 15_000,
      bodyTimeout: config.timeoutMs ?? 15_000,
    });
    return (await response.body.json()) as { error: number; message?: string; data?: { msg_id?: string } };
  }
  /** A post that failed without Zalo's answer: retried only if it never left; else it may have arrived. */
  const unanswered = (error: unknown): SendResult =>
    httpFailureMoment(error) === 'before-send'
      ? { outcome: 'retry', error: `ZNS: ${errorText(error)}` }
      : { outcome: 'uncertain', error: `ZNS: no answer after the request was sent (${errorText(error)})` };
  return {
    id: 'zns',
    deduplicatesByKey: false, // Zalo is not known to de-duplicate on tracking_id
    phone: true,
    async send(message: OutgoingMessage): Promise<SendResult> {
      const facts = message.payload.facts as Record<string, unknown> | undefined;
      const templateId = config.templates[String(facts?.type ?? '')];
      if (!facts || !templateId)
        return { outcome: 'fallback', error: `no ZNS template configured for ${String(facts?.type)}` };
      const data = znsTemplateData(facts);
      const body = JSON.stringify({
        phone: znsPhone(message.recipient),
        template_id: templateId,
        template_data: data,
        tracking_id: message.key.slice(0, 50),
      });
      let token: string;
      try {
        token = await tokens.accessToken();
      } catch (error) {
        // No message has left yet: a refusal needs an OA admin, anything else is tried again.
        if (error instanceof ZaloAuthError) return { outcome: 'fallback', error: `admin: ${error.message}` };
        return { outcome: 'retry', error: `ZNS token: ${errorText(error)}` };
      }
      let answer: Awaited<ReturnType<typeof post>>;
      try {
        answer = await post(token, body);
      } catch (error) {
        return unanswered(error);
      }
      try {
        if (answer.error === -124) {
          // Access token refused (the message was not taken): refresh once (single flight, persisted), retry once.
          token = await tokens.accessToken(token);
          answer = await post(token, body);
        }
      } catch (error) {
        if (error instanceof ZaloAuthError) return { outcome: 'fallback', error: `admin: ${error.message}` };
        return unanswered(error);
      }
      return answerOf(answer);
    },
  };
}
