import { randomBytes } from 'node:crypto';
import { startJsonApi } from './http-json.ts';

interface SmsMessage {
  phone: string;
  content: string;
  brandname: string;
  unicode: boolean;
  requestId: string;
}

/**
 * An SMS-brandname API in eSMS.vn's shape: CodeResult "100" = accepted, "124" = a RequestId it
 * already has (sent once, not again), "99" = a blocked phone (ends in 99), "101" = bad keys.
 */
export async function startSmsSimulator(host: string, credentials: { apiKey: string; secretKey: string }) {
  const messages: SmsMessage[] = [];
  const requestIds = new Set<string>();
  const api = await startJsonApi(host, {
    'POST /MainService.svc/json/SendMultipleMessage_V4_post_json/': (_request, body) => {
      const sent = JSON.parse(body) as Record<string, string>;
      if (sent.ApiKey !== credentials.apiKey || sent.SecretKey !== credentials.secretKey)
        return { json: { CodeResult: '101', ErrorMessage: 'Authorize Failed' } };
      if (String(sent.Phone).endsWith('99')) return { json: { CodeResult: '99', ErrorMessage: 'Phone blocked' } };
      if (requestIds.has(sent.RequestId ?? '')) return { json: { CodeResult: '124', ErrorMessage: 'Request exist' } };
      requestIds.add(sent.RequestId ?? '');
      messages.push({
        phone: sent.Phone ?? '',
        content: sent.Content ?? '',
        brandname: sent.Brandname ?? '',
        unicode: sent.IsUnicode === '1',
        requestId: sent.RequestId ?? '',
      });
      return { json: { CodeResult: '100', CountRegenerate: 0, SMSID: randomBytes(8).toString('hex') } };
    },
  });
  return { url: api.url, server: api.server, messages };
}
