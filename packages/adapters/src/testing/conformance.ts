import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MarketplaceAdapter } from '../contract.ts';
import { NO_POLITENESS } from '../http/options.ts';
import { PoliteHttpClient } from '../http/polite-client.ts';
import { type Observation, observationSchema } from '../observation.ts';
import { type FixtureResponse, type FixtureRoutes, FixtureServer } from './fixture-server.ts';

export interface ConformanceCase {
  /** What the case shows, e.g. "active, sold 0" or "delisted by removal message". */
  name: string;
  /** The answer to the adapter's request for the listing. */
  response: FixtureResponse;
  /** Other pages the case needs, e.g. the home page a removal redirect lands on. */
  routes?: FixtureRoutes;
  expect: { verdict: Observation['verdict']; reason?: Observation['reason']; data?: Record<string, unknown> };
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

/** Cases every adapter must meet whatever its site: failures are `unknown`, never `delisted`. */
const COMMON_CASES: ConformanceCase[] = [
  {
    name: 'HTTP 404 is delisted (not_found)',
    response: { status: 404, body: 'Not found' },
    expect: { verdict: 'delisted', reason: 'not_found' },
  },
  {
    name: 'HTTP 410 is delisted (gone)',
    response: { status: 410, body: 'Gone' },
    expect: { verdict: 'delisted', reason: 'gone' },
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
  { name: 'no answer is unknown/timeout', response: { hang: true }, expect: { verdict: 'unknown', reason: 'timeout' } },
  {
    name: 'an unrecognisable page (changed layout) is unknown/parse_failed',
    response: { status: 200, body: '<!DOCTYPE html><html><body><div id="app"></div></body></html>' },
    expect: { verdict: 'unknown', reason: 'parse_failed' },
  },
];

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

    for (const testCase of [...suite.cases, ...COMMON_CASES]) {
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
        if (testCase.response.status === 429) expect(observation.evidence.retryAfterSeconds).toBe(120);
      });
    }
  });
}
