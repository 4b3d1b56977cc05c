import { openStore, type Store } from '@ocop-monitor/monitor';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { notifyConfigSchema } from '../config.ts';
import { createSmsChannel, smsRequestId } from './sms.ts';
import { ZaloTokens } from './zalo-tokens.ts';
import { createZnsChannel } from './zns.ts';

// The ZNS and SMS channels with their production defaults, against the real hostnames over HTTPS,
// intercepted by nock with every real connection refused, answering in the shapes recorded in
// shared/notes/notifications.md (errors with HTTP 200, strings for numbers).
const config = notifyConfigSchema.parse({
  enabled: true,
  zns: { appId: 'app-1', secretKey: 's3cret', refreshToken: 'rt-1', templates: { zero_sales: '300100' } },
  sms: { apiKey: 'k', secretKey: 's', brandname: 'SOCONGTHUONG' },
});
const facts = {
  type: 'zero_sales',
  producerName: 'Hợp tác xã Nông nghiệp Dịch vụ Tổng hợp Cam Thành (tên rất dài)',
  productName: 'Mật ong bạc hà Hướng Hóa',
  marketplace: 'voso',
  openedAt: '2026-03-01T00:00:00.000Z',
  listingUrl: 'https://voso.vn/mat-ong-p1.html',
  evidence: {},
};
const message = {
  key: 'alert:7:producer:3:zns:v1:r0',
  recipient: '+84912345678',
  payload: { facts, sms: 'Đồng Tháp' },
};

let store: Store;
beforeAll(async () => {
  nock.disableNetConnect();
  store = await openStore({ dataDir: 'memory://' });
});
afterEach(() => nock.cleanAll());
afterAll(async () => {
  await store.close();
  nock.enableNetConnect();
});

describe('Zalo ZNS at business.openapi.zalo.me (nock)', () => {
  const zns = config.zns;
  if (!zns) throw new Error('no zns config');
  it('refreshes the token with secret_key, sends with access_token, cuts parameters to their limits', async () => {
    const tokens = new ZaloTokens(store.db, zns);
    const live = createZnsChannel(zns, tokens);
    const refresh = nock('https://oauth.zaloapp.com', { reqheaders: { secret_key: 's3cret' } })
      .post('/v4/oa/access_token', (body: string) => new URLSearchParams(body).get('refresh_token') === 'rt-1')
      .reply(200, { access_token: 'at-1', refresh_token: 'rt-2', expires_in: '90000' });
    let sent:
      | { phone: string; template_id: string; template_data: Record<string, string>; tracking_id: string }
      | undefined;
    const send = nock('https://business.openapi.zalo.me', { reqheaders: { access_token: 'at-1' } })
      .post('/message/template', (body) => {
        sent = body;
        return true;
      })
      .reply(200, {
        error: 0,
        message: 'Success',
        data: { msg_id: 'abc', sent_time: '1759983921893', quota: { dailyQuota: '500', remainingQuota: '499' } },
      });
    expect(await live.send(message)).toEqual({ outcome: 'sent', providerMessageId: 'abc' });
    expect(refresh.isDone() && send.isDone()).toBe(true);
    expect(sent?.phone).toBe('84912345678');
    expect(sent?.template_id).toBe('300100');
    expect(sent?.tracking_id).toBe(message.key);
    expect(sent?.template_data.producer_name?.length).toBeLessThanOrEqual(30);
    expect(sent?.template_data.product_name).toBe(facts.productName);
    expect(sent?.template_data.marketplace).toBe('voso.vn'); // the name a producer knows, not the id
  });

  it.for([
    [-118, 'fallback'], // not on Zalo
    [-139, 'fallback'], // refused this kind of message
    [-131, 'fallback'], // template not approved: admin, and the producer still gets SMS
    [-133, 'defer'], // not at night
    [-144, 'defer'], // OA daily limit
    [-100, 'retry'],
  ] as const)('error %i → %s', async ([code, outcome]) => {
    nock('https://business.openapi.zalo.me').post('/message/template').reply(200, { error: code, message: 'x' });
    const result = await createZnsChannel(zns, new ZaloTokens(store.db, zns)).send(message);
    expect(result.outcome).toBe(outcome);
  });

  it('-124: one refresh, one retry; refresh tokens are rotated in the store', async () => {
    nock('https://business.openapi.zalo.me')
      .post('/message/template')
      .reply(200, { error: -124, message: 'Access token is invalid' });
    nock('https://oauth.zaloapp.com')
      .post('/v4/oa/access_token', (body: string) => new URLSearchParams(body).get('refresh_token') === 'rt-2')
      .reply(200, { access_token: 'at-2', refresh_token: 'rt-3', expires_in: '90000' });
    nock('https://business.openapi.zalo.me', { reqheaders: { access_token: 'at-2' } })
      .post('/message/template')
      .reply(200, { error: 0, message: 'Success', data: { msg_id: 'def' } });
    expect(await createZnsChannel(zns, new ZaloTokens(store.db, zns)).send(message)).toEqual({
      outcome: 'sent',
      providerMessageId: 'def',
    });
  });

  it('a refused refresh asks an admin, and the producer gets the next channel', async () => {
    nock('https://business.openapi.zalo.me').post('/message/template').reply(200, { error: -124, message: 'invalid' });
    nock('https://oauth.zaloapp.com')
      .post('/v4/oa/access_token')
      .reply(200, { error: -14014, error_description: 'Invalid refresh token' });
    const result = await createZnsChannel(zns, new ZaloTokens(store.db, zns)).send(message);
    expect(result).toMatchObject({ outcome: 'fallback' });
    expect(result.outcome === 'fallback' && result.error).toMatch(/^admin: .*re-authorise/u);
  });
});

describe('SMS brandname at rest.esms.vn (nock)', () => {
  const sms = config.sms;
  if (!sms) throw new Error('no sms config');

  it('sends plain text with a stable RequestId; 124 (a RequestId it has) counts as sent', async () => {
    let body: Record<string, string> | undefined;
    nock('https://rest.esms.vn')
      .post('/MainService.svc/json/SendMultipleMessage_V4_post_json/', (b) => {
        body = b;
        return true;
      })
      .reply(200, { CodeResult: '100', CountRegenerate: 0, SMSID: 'sms-1' });
    expect(await createSmsChannel(sms).send(message)).toEqual({ outcome: 'sent', providerMessageId: 'sms-1' });
    expect(body).toMatchObject({
      Phone: '0912345678',
      Content: 'Dong Thap',
      IsUnicode: '0',
      SmsType: '2',
      RequestId: smsRequestId(message.key),
    });
    nock('https://rest.esms.vn')
      .post('/MainService.svc/json/SendMultipleMessage_V4_post_json/')
      .reply(200, { CodeResult: '124', ErrorMessage: 'Request exist' });
    expect((await createSmsChannel(sms).send(message)).outcome).toBe('sent');
  });

  it.for([
    ['99', 'fallback'],
    ['103', 'fallback'], // balance: admin
    ['146', 'fallback'], // content not matching the registered template: admin
    ['199', 'retry'],
  ] as const)('CodeResult %s → %s', async ([code, outcome]) => {
    nock('https://rest.esms.vn')
      .post('/MainService.svc/json/SendMultipleMessage_V4_post_json/')
      .reply(200, { CodeResult: code });
    expect((await createSmsChannel(sms).send(message)).outcome).toBe(outcome);
  });
});
