import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SellerAuthError, type SellerSource, type SellerTokens } from './contract.ts';
import { createLazadaSellerSource } from './lazada/source.ts';
import { createShopeeSellerSource } from './shopee/source.ts';
import { createTiktokSellerSource } from './tiktok/source.ts';
import { tokenCallAnswer } from './token-call.ts';

// A real local server stands for each platform's token endpoint; each test sets how it answers.
let answer: (request: IncomingMessage, response: ServerResponse) => void = (_request, response) => response.end('{}');
const server = createServer((request, response) => answer(request, response));
let base = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const now = new Date();
const TOKENS: SellerTokens = {
  shopId: '200123456',
  accessToken: 'old-access',
  accessExpiresAt: new Date(now.getTime() + 60_000).toISOString(),
  refreshToken: 'old-refresh',
  refreshExpiresAt: new Date(now.getTime() + 86_400_000).toISOString(),
};
const json = (body: unknown) => (_request: IncomingMessage, response: ServerResponse) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
};
const lazada = () =>
  createLazadaSellerSource({ appKey: '112233', appSecret: 'secret', baseUrl: `${base}/rest`, authBaseUrl: base });
const tiktok = () =>
  createTiktokSellerSource({
    appKey: '6abc',
    appSecret: 'secret',
    serviceId: '7172',
    baseUrl: base,
    authBaseUrl: base,
    servicesUrl: base,
    minIntervalMs: 0,
  });
const shopee = () => createShopeeSellerSource({ partnerId: 1, partnerKey: 'key', baseUrl: base, minIntervalMs: 0 });

async function refusal(source: SellerSource, tokens = TOKENS) {
  const error = await source.refreshTokens(tokens, now).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(SellerAuthError);
  return { problem: (error as SellerAuthError).problem, needsConsent: (error as SellerAuthError).needsConsent };
}

const LAZADA_TOKENS = {
  code: '0',
  access_token: 'A2',
  refresh_token: 'R2',
  expires_in: 604_800,
  refresh_expires_in: 2_592_000,
};

describe("a refresh answer that leaves out the seller: the platform's omission, the consent stays", () => {
  it('Lazada without country_user_info: the new tokens, still the shop of the old ones', async () => {
    answer = json(LAZADA_TOKENS);
    const renewed = await lazada().refreshTokens(TOKENS, now);
    expect({ shopId: renewed.shopId, accessToken: renewed.accessToken }).toEqual({
      shopId: TOKENS.shopId,
      accessToken: 'A2',
    });
  });

  it('Lazada naming another seller in Vietnam still ends the consent (not the shop invited)', async () => {
    answer = json({ ...LAZADA_TOKENS, country_user_info: [{ country: 'vn', seller_id: '999' }] });
    expect(await refusal(lazada())).toEqual({ problem: 'token_invalid', needsConsent: true });
  });

  it('TikTok Shop with an empty list of authorised shops: platform_error, consent kept', async () => {
    const until = Math.floor(now.getTime() / 1000);
    answer = (request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      if ((request.url ?? '').startsWith('/authorization/202309/shops'))
        return response.end(JSON.stringify({ code: 0, message: '', data: { shops: [] } }));
      response.end(
        JSON.stringify({
          code: 0,
          message: 'success',
          data: {
            access_token: 'A2',
            access_token_expire_in: until + 604_800,
            refresh_token: 'R2',
            refresh_token_expire_in: until + 9_000_000,
          },
        }),
      );
    };
    expect(await refusal(tiktok(), { ...TOKENS, shopId: '7494105515082810525' })).toEqual({
      problem: 'platform_error',
      needsConsent: false,
    });
  });
});

describe('a token answer too large or too slow is the platform failing, never the end of a consent', () => {
  it.each([
    ['Shopee', shopee],
    ['Lazada', lazada],
    ['TikTok Shop', tiktok],
  ])('%s: an answer of 300 kB is platform_error', async (_name, source) => {
    answer = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(`{"padding":"${'x'.repeat(300 * 1024)}"}`);
    };
    expect(await refusal(source())).toEqual({ problem: 'platform_error', needsConsent: false });
  });

  it('an answer that trickles past the deadline ends the call at the deadline', async () => {
    answer = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const drip = setInterval(() => response.write(' '), 50);
      response.on('close', () => clearInterval(drip));
    };
    const started = performance.now();
    const error = await tokenCallAnswer('Lazada', base, {}, { deadlineMs: 400, maxBytes: 1024 }).catch(
      (caught: unknown) => caught,
    );
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(error).toBeInstanceOf(SellerAuthError);
    expect((error as SellerAuthError).problem).toBe('platform_error');
  });
});
