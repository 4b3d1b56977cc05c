import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MarketplaceAdapter } from '../contract.ts';
import { NO_POLITENESS } from '../http/options.ts';
import { PoliteHttpClient } from '../http/polite-client.ts';
import { type Observation, observationSchema, type Provenance } from '../observation.ts';
import { type FixtureResponse, type FixtureRoutes, FixtureServer } from './fixture-server.ts';

export interface ConformanceCase {
  /** What the case shows, e.g. "active, sold 0" or "delisted by removal message". */
  name: string;
  /** The answer to the adapter's request for the listing. */
  response: FixtureResponse;
  /** Other pages the case needs, e.g. the home page a removal redirect lands on. */
  routes?: FixtureRoutes;
  expect: {
    verdict: Observation['verdict'];
    reason?: Observation['reason'];
    data?: Record<string, unknown>;
    /** For a removal: `assumed` unless a captured real page of the site shows that rule. */
    provenance?: Provenance;
  };
}

export interface ConformanceSuite {
  /** Names the describe block. */
  name: string;
  /** Creates the adapter with every base URL pointing at `baseUrl` (a local server). */
  createAdapter(baseUrl: string): MarketplaceAdapter;
  /** Path of a product page of the marketplace, e.g. "/tra-sen-p101533.html". */
  listingPath: string;
  /** Path the adapter requests to check that listing, when not the page itself (an API). */
  fetchPath?: string;
  /** The marketplace's own cases, with its fixtures: at least one active listing. */
  cases: ConformanceCase[];
}

const CHALLENGE_PAGE = `<!DOCTYPE html><html><head><title>Just a moment...</title></head>
<body><div id="challenge-form"><script src="/cdn-cgi/challenge-platform/h/b/orchestrate/jsch/v1"></script></div></body></html>`;

const WAF_404 = `<!DOCTYPE html><html><head><title>Access Denied</title></head><body><h1>Access Denied</h1>
<p>The requested URL was rejected. Please consult with your administrator.</p><p>Your support ID is: 1208834530</p></body></html>`;
const LOGIN_PAGE = `<!DOCTYPE html><html lang="vi"><head><title>Đăng nhập</title></head><body>
<form method="post" action="/dang-nhap"><input name="username"><input type="password" name="password"><button>Đăng nhập</button></form></body></html>`;
const HOME_PAGE = `<!DOCTYPE html><html lang="vi"><head><title>Trang chủ</title></head><body><h1>Sản phẩm nổi bật</h1></body></html>`;
const MAINTENANCE_PAGE = `<!DOCTYPE html><html lang="vi"><head><title>Bảo trì hệ thống</title></head><body>
<p>Hệ thống đang bảo trì, quý khách vui lòng quay lại sau.</p></body></html>`;

/**
 * Cases every adapter must meet whatever its site: failures are `unknown`, never `delisted`; and
 * the answers that look like a removal but are not (DESIGN §4, "Evidence is about that product"):
 * a firewall's 404, a 404 after a redirect off the product, a bounce home with a return address,
 * a challenge, login or maintenance page reached by a redirect.
 */
function commonCases(path: string): ConformanceCase[] {
  const goHome = (location: string) => ({ status: 302, headers: { location } });
  return [
    {
      name: "HTTP 404 for the product's own address is delisted (not_found), a seen rule",
      response: { status: 404, body: 'Not found' },
      expect: { verdict: 'delisted', reason: 'not_found', provenance: 'seen' },
    },
    {
      name: 'HTTP 410 is delisted (gone), a seen rule',
      response: { status: 410, body: 'Gone' },
      expect: { verdict: 'delisted', reason: 'gone', provenance: 'seen' },
    },
    {
      name: "a firewall's 404 page is unknown/blocked, never delisted",
      response: { status: 404, body: WAF_404 },
      expect: { verdict: 'unknown', reason: 'blocked' },
    },
    {
      name: "a 404 after a redirect off the product's address is unknown, never delisted",
      response: goHome('/trang-khac'),
      routes: { '/trang-khac': { status: 404, body: 'Not found' } },
      expect: { verdict: 'unknown', reason: 'unexpected' },
    },
    {
      name: 'a redirect home with a return address (a session bounce) is unknown, never delisted',
      response: goHome(`/?returnUrl=${encodeURIComponent(path)}`),
      routes: { '/': { body: HOME_PAGE } },
      expect: { verdict: 'unknown', reason: 'unexpected' },
    },
    {
      name: 'a redirect home that lands on a challenge served with 200 is unknown/blocked',
      response: goHome('/'),
      routes: { '/': { body: CHALLENGE_PAGE } },
      expect: { verdict: 'unknown', reason: 'blocked' },
    },
    {
      name: 'a redirect to a login page is unknown/blocked',
      response: goHome(`/dang-nhap?next=${encodeURIComponent(path)}`),
      routes: { '/dang-nhap': { body: LOGIN_PAGE } },
      expect: { verdict: 'unknown', reason: 'blocked' },
    },
    {
      name: 'a redirect home that lands on a maintenance page is unknown, never delisted',
      response: goHome('/'),
      routes: { '/': { body: MAINTENANCE_PAGE } },
      expect: { verdict: 'unknown', reason: 'unexpected' },
    },
    {
      name: 'HTTP 403 is unknown/blocked',
      response: { status: 403, body: 'Forbidden' },
      expect: { verdict: 'unknown', reason: 'blocked' },
    },
    {
      name: 'a challenge page with HTTP 200 is unknown/blocked',
      response: { status: 200, body: CHALLENGE_PAGE },
      expect: { verdict: 'unknown', reason: 'blocked' },
    },
    {
      name: 'a challenge page with HTTP 503 is unknown/blocked',
      response: { status: 503, body: CHALLENGE_PAGE },
      expect: { verdict: 'unknown', reason: 'blocked' },
    },
    {
      name: 'HTTP 429 is unknown/rate_limited with its Retry-After',
      response: { status: 429, headers: { 'retry-after': '120' }, body: 'Too many requests' },
      expect: { verdict: 'unknown', reason: 'rate_limited' },
    },
    {
      name: 'HTTP 500 is unknown/server_error',
      response: { status: 500, body: 'Internal error' },
      expect: { verdict: 'unknown', reason: 'server_error' },
    },
    {
      name: 'a connection reset is unknown/network',
      response: { reset: true },
      expect: { verdict: 'unknown', reason: 'network' },
    },
    {
      name: 'no answer is unknown/timeout',
      response: { hang: true },
      expect: { verdict: 'unknown', reason: 'timeout' },
    },
    {
      name: 'an unrecognisable page (changed layout) is unknown/parse_failed',
      response: { status: 200, body: '<!DOCTYPE html><html><body><div id="app"></div></body></html>' },
      expect: { verdict: 'unknown', reason: 'parse_failed' },
    },
  ];
}

/**
 * The adapter conformance suite (unstorage `testDriver()` style): run it from a vitest file with
 * your adapter factory and fixtures. Every request goes over real HTTP to a local server.
 */
export function describeAdapterConformance(suite: ConformanceSuite): void {
  describe(`${suite.name} adapter conformance`, () => {
    const server = new FixtureServer();
    let baseUrl = '';
    let adapter: MarketplaceAdapter;
    // A fresh client per case: a 429 case pauses the host, as it should, for the next request.
    const newClient = () =>
      new PoliteHttpClient({
        allowedHosts: [...adapter.hosts],
        ...NO_POLITENESS,
        retries: 0,
        headersTimeoutMs: 500,
        bodyTimeoutMs: 500,
        totalTimeoutMs: 1_000,
      });

    beforeAll(async () => {
      baseUrl = await server.start();
      adapter = suite.createAdapter(baseUrl);
    });
    afterAll(() => server.close());

    it('parses its own product URL to a canonical reference, and refuses other URLs', () => {
      const ref = adapter.parseRef(`${baseUrl}${suite.listingPath}`);
      expect(ref).not.toBeNull();
      expect(ref?.marketplace).toBe(adapter.id);
      expect(adapter.parseRef(ref?.url ?? '')).toEqual(ref);
      expect(adapter.parseRef(`https://unrelated.example${suite.listingPath}`)).toBeNull();
      expect(adapter.parseRef(`${baseUrl}/`)).toBeNull();
      expect(adapter.parseRef('not a url')).toBeNull();
    });

    it('brings at least one active case of its own', () => {
      expect(suite.cases.some((c) => c.expect.verdict === 'active')).toBe(true);
    });

    it("declares its removal rules, each with its provenance and what it reads, HTTP's 404 and 410 as seen", () => {
      expect(adapter.removalRules.length).toBeGreaterThanOrEqual(2);
      for (const rule of adapter.removalRules) {
        expect(['seen', 'assumed']).toContain(rule.provenance);
        expect(rule.what.length, rule.rule).toBeGreaterThan(10);
      }
      const http = adapter.removalRules.filter((rule) => rule.rule === 'http.404' || rule.rule === 'http.410');
      expect(http.map((rule) => rule.provenance)).toEqual(['seen', 'seen']);
    });

    for (const testCase of [...suite.cases, ...commonCases(new URL(suite.listingPath, 'http://x').pathname)]) {
      it(testCase.name, async () => {
        const ref = adapter.parseRef(`${baseUrl}${suite.listingPath}`);
        if (!ref) throw new Error(`${suite.listingPath} is not a product URL of ${adapter.id}`);
        server.serve({ ...testCase.routes, [suite.fetchPath ?? new URL(ref.url).pathname]: testCase.response });
        const http = newClient();
        const observation = await adapter.check(ref, { http }).finally(() => http.close());
        expect(observationSchema.safeParse(observation).success).toBe(true);
        expect({ verdict: observation.verdict, reason: observation.reason }).toEqual({
          verdict: testCase.expect.verdict,
          reason: testCase.expect.reason ?? observation.reason,
        });
        if (testCase.expect.data) expect(observation.data).toMatchObject(testCase.expect.data);
        expect(observation.evidence.matchedRule).not.toBe('');
        if (observation.verdict === 'delisted') {
          // A removal names a declared rule and carries that rule's provenance.
          const declared = adapter.removalRules.find((rule) => rule.rule === observation.evidence.matchedRule);
          expect(declared, `${observation.evidence.matchedRule} is not among the adapter's removalRules`).toBeDefined();
          expect(observation.evidence.provenance).toBe(declared?.provenance);
          expect(observation.evidence.provenance).toBe(testCase.expect.provenance ?? declared?.provenance);
        } else {
          expect(testCase.expect.provenance, 'a provenance is expected only of a removal').toBeUndefined();
        }
        if (testCase.response.status === 429) expect(observation.evidence.retryAfterSeconds).toBe(120);
      });
    }
  });
}
