import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PoliteHttpClient } from './http/polite-client.ts';
import { fingerprintOf } from './not-found/fingerprint.ts';
import { adapterHosts, createAdapters, resolveListingUrl } from './registry.ts';
import { vosoFixture } from './voso/fixtures.ts';

// The built-in adapters with their production defaults, against the real hostnames over HTTPS,
// intercepted by nock with every real connection refused: proves the defaults point at the
// right places and that robots.txt is asked for before any product page.
describe('built-in adapters against the production hosts (nock)', () => {
  const adapters = createAdapters();
  let http: PoliteHttpClient;

  beforeAll(() => {
    nock.disableNetConnect();
    http = new PoliteHttpClient({ allowedHosts: adapterHosts(adapters), minIntervalMs: 0, jitterMs: 0, retries: 0 });
  });
  afterEach(() => nock.cleanAll());
  afterAll(async () => {
    await http.close();
    nock.enableNetConnect();
  });

  const check = (url: string) => {
    const resolved = resolveListingUrl(adapters, url);
    if (!resolved) throw new Error(`no adapter for ${url}`);
    return resolved.adapter.check(resolved.ref, { http });
  };

  it('voso.vn: reads the real page after asking robots.txt', async () => {
    const robots = nock('https://voso.vn').get('/robots.txt').reply(200, 'User-agent: *\nDisallow: /gio-hang\n');
    const page = nock('https://voso.vn')
      .get('/giay-sneaker-nam-p101533.html')
      .reply(200, vosoFixture('real-2021-product-p101533.html'));
    const observation = await check('https://voso.vn/giay-sneaker-nam-p101533.html');
    expect(observation).toMatchObject({ verdict: 'active', data: { sold: { value: 6 } } });
    expect(robots.isDone() && page.isDone()).toBe(true);
  });

  it('tiki.vn: a 404 is no removal until Tiki’s own not-found answer is kept; a 429 is rate_limited with its Retry-After', async () => {
    nock('https://tiki.vn').get('/robots.txt').reply(404).persist();
    nock('https://tiki.vn').get('/api/v2/products/111').reply(404, { error: 'not found' }).persist();
    nock('https://tiki.vn').get('/api/v2/products/222').reply(429, 'slow down', { 'Retry-After': '600' });
    // Production defaults keep no not-found answer of Tiki's: its 404 body was never captured.
    expect(await check('https://tiki.vn/tra-p111.html')).toMatchObject({
      verdict: 'unknown',
      reason: 'unexpected',
      evidence: { matchedRule: 'http.404.unrecognised' },
    });
    // Kept as the doctor learns it (the answer for an address no product has), the same 404 is a seen removal.
    const kept = fingerprintOf({
      status: 404,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ error: 'product 999 not found' }),
    });
    const [tiki] = createAdapters({
      voso: { enabled: false },
      postmart: { enabled: false },
      tiki: { notFoundAnswers: [kept] },
    });
    const ref = tiki?.parseRef('https://tiki.vn/tra-p111.html');
    if (!tiki || !ref) throw new Error('no tiki adapter');
    expect(await tiki.check(ref, { http })).toMatchObject({
      verdict: 'delisted',
      reason: 'not_found',
      evidence: { matchedRule: 'tiki.not-found', provenance: 'seen' },
    });
    const limited = await check('https://tiki.vn/tra-p222.html');
    expect(limited).toMatchObject({ verdict: 'unknown', reason: 'rate_limited', evidence: { retryAfterSeconds: 600 } });
  });

  it('postmart.vn: a product that redirects to the home page is delisted by redirect', async () => {
    nock('https://postmart.vn').get('/robots.txt').reply(404).persist();
    nock('https://postmart.vn').get('/p/mat-ong-5.html').reply(302, '', { Location: 'https://postmart.vn/' });
    nock('https://postmart.vn').get('/').reply(200, '<html><body>Postmart</body></html>');
    expect(await check('https://postmart.vn/p/mat-ong-5.html')).toMatchObject({
      verdict: 'delisted',
      reason: 'removal_redirect',
    });
  });

  it('a robots.txt that disallows product pages makes the check unknown/blocked, never delisted', async () => {
    nock('https://voso.vn').get('/robots.txt').reply(200, 'User-agent: *\nDisallow: /\n');
    // A new client: the first one has voso's permissive robots.txt cached, as it should.
    const fresh = new PoliteHttpClient({ allowedHosts: adapterHosts(adapters), minIntervalMs: 0, retries: 0 });
    const resolved = resolveListingUrl(adapters, 'https://voso.vn/giay-sneaker-nam-p101533.html');
    const observation = await resolved?.adapter.check(resolved.ref, { http: fresh }).finally(() => fresh.close());
    expect(observation).toMatchObject({
      verdict: 'unknown',
      reason: 'blocked',
      evidence: { matchedRule: 'transport.robots_disallowed' },
    });
  });
});
