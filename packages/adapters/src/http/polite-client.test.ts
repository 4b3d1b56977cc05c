import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { checkPage } from '../check-page.ts';
import { OcopError } from '../errors.ts';
import { HostPolicy } from './host-policy.ts';
import { NO_POLITENESS } from './options.ts';
import { PoliteHttpClient } from './polite-client.ts';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;
const servers: Server[] = [];
const clients: PoliteHttpClient[] = [];

async function serve(handler: Handler): Promise<{ host: string; url: (path: string) => string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(request.url ?? '');
    handler(request, response);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { host, url: (path) => `http://${host}${path}`, hits };
}

function client(options: ConstructorParameters<typeof PoliteHttpClient>[0]): PoliteHttpClient {
  const created = new PoliteHttpClient(options);
  clients.push(created);
  return created;
}

const fast = { ...NO_POLITENESS, retryMinDelayMs: 10, retryMaxDelayMs: 20 };

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

async function rejection(promise: Promise<unknown>): Promise<OcopError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!OcopError.is(error)) throw new Error(`expected an OcopError, got ${String(error)}`);
  return error;
}

describe('PoliteHttpClient', () => {
  it('identifies itself with a contact URL and decodes gzip and br bodies', async () => {
    const site = await serve((request, response) => {
      const text = `ua=${request.headers['user-agent']}; Mật ong`;
      const br = request.url === '/br';
      response.writeHead(200, { 'content-encoding': br ? 'br' : 'gzip' });
      response.end(br ? brotliCompressSync(text) : gzipSync(text));
    });
    const http = client({ allowedHosts: [site.host], ...fast, contactUrl: 'https://so-cong-thuong.example/lien-he' });
    const gzip = await http.get(site.url('/gz'));
    expect(gzip.body).toBe('ua=ocop-monitor/0.1 (+https://so-cong-thuong.example/lien-he); Mật ong');
    expect(gzip.bytes).toBe(Buffer.byteLength(gzip.body));
    expect(gzip.sha256).toMatch(/^[0-9a-f]{64}$/u);
    expect((await http.get(site.url('/br'))).body).toContain('Mật ong');
  });

  it('stops reading at the size cap, also for a compression bomb', async () => {
    const site = await serve((_, response) => {
      response.writeHead(200, { 'content-encoding': 'gzip' });
      response.end(gzipSync(Buffer.alloc(20 * 1024 * 1024)));
    });
    const http = client({ allowedHosts: [site.host], ...fast, maxResponseBytes: 1024 * 1024 });
    expect((await rejection(http.get(site.url('/')))).code).toBe('RESPONSE_TOO_LARGE');
  });

  it('never sends a request to a host that is not a configured marketplace', async () => {
    const site = await serve((_, response) => response.end('ok'));
    const http = client({ allowedHosts: ['voso.vn'], ...fast });
    const error = await rejection(http.get(site.url('/')));
    expect(error.code).toBe('HOST_NOT_ALLOWED');
    expect(error.message).toContain('configured: voso.vn');
    expect(site.hits).toEqual([]);
  });

  it('follows redirects on the marketplace, reports them, and refuses one that leaves it', async () => {
    const site = await serve((request, response) => {
      if (request.url === '/old') response.writeHead(301, { location: '/new' }).end();
      else if (request.url === '/away') response.writeHead(302, { location: 'http://10.0.0.1/admin' }).end();
      else if (request.url === '/loop') response.writeHead(302, { location: '/loop' }).end();
      else response.end('here');
    });
    const http = client({ allowedHosts: [site.host], ...fast, maxRedirects: 3 });
    const moved = await http.get(site.url('/old'));
    expect(moved).toMatchObject({
      status: 200,
      body: 'here',
      finalUrl: site.url('/new'),
      redirects: [site.url('/new')],
    });
    expect((await rejection(http.get(site.url('/away')))).code).toBe('REDIRECT_NOT_ALLOWED');
    expect((await rejection(http.get(site.url('/loop')))).code).toBe('TOO_MANY_REDIRECTS');
  });

  it('refuses names that resolve to private addresses unless configured as such (no SSRF through DNS)', async () => {
    const policy = new HostPolicy(['voso.vn']);
    const refused = await new Promise<unknown>((resolve) => policy.lookup('localhost', {}, (error) => resolve(error)));
    expect(OcopError.is(refused) && refused.code).toBe('PRIVATE_ADDRESS');
    const sandbox = new HostPolicy(['localhost:8080']);
    const allowed = await new Promise<unknown>((resolve) => sandbox.lookup('localhost', {}, (error) => resolve(error)));
    expect(allowed).toBeNull();
  });

  it('spaces request starts on one host by the minimum interval', async () => {
    const starts: number[] = [];
    const site = await serve((_, response) => {
      starts.push(Date.now());
      response.end('ok');
    });
    const http = client({ allowedHosts: [site.host], ...fast, minIntervalMs: 200, maxInFlight: 2 });
    await Promise.all([1, 2, 3].map((n) => http.get(site.url(`/${n}`))));
    const gaps = starts.slice(1).map((start, index) => start - (starts[index] ?? 0));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(190);
  });

  it('keeps at most maxInFlight requests open on one host', async () => {
    let open = 0;
    let mostOpen = 0;
    const site = await serve((_, response) => {
      open += 1;
      mostOpen = Math.max(mostOpen, open);
      setTimeout(() => {
        open -= 1;
        response.end('ok');
      }, 50);
    });
    const http = client({ allowedHosts: [site.host], ...fast, maxInFlight: 2 });
    await Promise.all(Array.from({ length: 8 }, (_, n) => http.get(site.url(`/${n}`))));
    expect(mostOpen).toBe(2);
  });

  it('waits for a short Retry-After and retries; returns a long one and refuses the host until then', async () => {
    let calls = 0;
    const site = await serve((request, response) => {
      calls += 1;
      if (request.url === '/short' && calls === 1) response.writeHead(429, { 'retry-after': '1' }).end();
      else if (request.url === '/long') response.writeHead(429, { 'retry-after': '3600' }).end('slow down');
      else response.end('ok');
    });
    const http = client({ allowedHosts: [site.host], ...fast, retries: 2 });
    const started = Date.now();
    const short = await http.get(site.url('/short'));
    expect(short.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    const long = await http.get(site.url('/long'));
    expect(long.status).toBe(429);
    const next = await rejection(http.get(site.url('/other')));
    expect(next.code).toBe('RATE_LIMITED');
    expect(next.retryAfterMs).toBeGreaterThan(3_500_000);
  });

  it('retries a transient 503 but never a 404', async () => {
    const site = await serve((request, response) => {
      const tries = site.hits.filter((hit) => hit === request.url).length;
      if (request.url === '/flaky' && tries < 3) response.writeHead(503).end();
      else if (request.url === '/flaky') response.end('back');
      else response.writeHead(404).end('gone');
    });
    const http = client({ allowedHosts: [site.host], ...fast, retries: 3 });
    expect((await http.get(site.url('/flaky'))).body).toBe('back');
    expect((await http.get(site.url('/missing'))).status).toBe(404);
    expect(site.hits.filter((hit) => hit === '/missing')).toHaveLength(1);
  });

  it('times out a host that does not answer, retrying first; resets are network errors', async () => {
    const site = await serve((request) => {
      if (request.url === '/reset') request.socket.destroy();
    });
    const http = client({
      allowedHosts: [site.host],
      ...fast,
      retries: 1,
      headersTimeoutMs: 200,
      totalTimeoutMs: 2_000,
    });
    const timeout = await rejection(http.get(site.url('/hang')));
    expect(timeout).toMatchObject({ code: 'TIMEOUT', retryable: true });
    expect(site.hits.filter((hit) => hit === '/hang')).toHaveLength(2);
    expect((await rejection(http.get(site.url('/reset')))).code).toBe('NETWORK');
  });

  it('one deadline per check: a host that drips a byte a second is cut off there, retries included', async () => {
    const site = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      const drip = setInterval(() => response.write('.'), 100);
      response.once('close', () => clearInterval(drip));
    });
    const http = client({
      allowedHosts: [site.host],
      ...fast,
      retries: 3,
      bodyTimeoutMs: 1_000, // each byte arrives in time, so only the deadlines can stop it
      totalTimeoutMs: 600,
      checkDeadlineMs: 1_500,
    });
    const timeout = await rejection(http.get(site.url('/drip')));
    expect(timeout.code).toBe('TIMEOUT');
    expect(timeout.message).toContain("check's deadline of 1500 ms");
    // Without the check's deadline all 4 attempts would run; it leaves room for 2 (or 3 when fast).
    expect(site.hits.length).toBeGreaterThanOrEqual(2);
    expect(site.hits.length).toBeLessThanOrEqual(3);

    // The Observation records the real time the failed check took, not 0 ms.
    const ref = { marketplace: 'test', itemId: '1', shopId: null, url: site.url('/drip') };
    const observation = await checkPage(
      'test',
      {
        ref,
        url: ref.url,
        read: () => ({ verdict: 'unknown', reason: 'parse_failed', rule: 'x' }),
        notFound: { rule: 'test.not-found', answers: [] },
      },
      { http },
    );
    expect(observation).toMatchObject({ verdict: 'unknown', reason: 'timeout' });
    expect(observation.evidence.durationMs).toBeGreaterThan(1_400);
  });

  it("never names an address's query in its errors: an open platform's access token and signature ride there", async () => {
    const site = await serve((request, response) => {
      if (request.url?.startsWith('/loop')) response.writeHead(302, { location: request.url }).end();
      else {
        response.writeHead(200, { 'content-type': 'application/json' });
        const drip = setInterval(() => response.write(' '), 100);
        response.once('close', () => clearInterval(drip));
      }
    });
    const http = client({ allowedHosts: [site.host], ...fast, retries: 0, totalTimeoutMs: 500, maxRedirects: 2 });
    const secret = 'access_token=SECRET-TOKEN-abc123&sign=FD7D07338';
    const slow = await rejection(http.get(site.url(`/rest/products/get?${secret}`)));
    const looping = await rejection(http.get(site.url(`/loop?${secret}`)));
    const aborted = await rejection(
      http.get(site.url(`/rest/products/get?${secret}`), { signal: AbortSignal.abort() }),
    );
    expect([slow.code, looping.code, aborted.code]).toEqual(['TIMEOUT', 'TOO_MANY_REDIRECTS', 'ABORTED']);
    for (const error of [slow, looping, aborted]) {
      expect(error.message).toContain(site.host);
      expect(error.message).not.toMatch(/SECRET-TOKEN|FD7D07338|access_token|sign=/u);
    }
  });

  it('honours robots.txt, fetching it once per origin', async () => {
    const site = await serve((request, response) => {
      if (request.url === '/robots.txt') response.end('User-agent: *\nDisallow: /admin\n');
      else response.end('ok');
    });
    const http = client({ allowedHosts: [site.host], ...fast, respectRobotsTxt: true });
    await http.get(site.url('/p1.html'));
    await http.get(site.url('/p2.html'));
    expect((await rejection(http.get(site.url('/admin/x')))).code).toBe('ROBOTS_DISALLOWED');
    expect(site.hits.filter((hit) => hit === '/robots.txt')).toHaveLength(1);
  });

  it('stops when the caller aborts', async () => {
    const site = await serve(() => {});
    const http = client({ allowedHosts: [site.host], ...fast });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    expect((await rejection(http.get(site.url('/'), { signal: controller.signal }))).code).toBe('ABORTED');
  });

  it('rejects invalid options with a message naming the option', () => {
    expect(() => new PoliteHttpClient({ allowedHosts: [], minIntervalMs: -1 })).toThrow(/allowedHosts|minIntervalMs/u);
  });
});
