import type { MarketplaceAdapter } from '../contract.ts';
import { NO_POLITENESS } from '../http/options.ts';
import { PoliteHttpClient } from '../http/polite-client.ts';
import { type Observation, observationSchema, type Provenance } from '../observation.ts';
import type { FixtureResponse, FixtureRoutes, FixtureServer } from './fixture-server.ts';

export interface ConformanceCase {
  /** What the case shows, e.g. "active, sold 0" or "delisted by removal message". */
  name: string;
  /** The product page this case checks, when not the suite's `listingPath` (a captured page at its own address). */
  listingPath?: string;
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

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Whether `actual` holds what `expected` names, as vitest's `toMatchObject`: objects by the keys
 * given, arrays item by item, and matchers such as `expect.stringContaining` by their own test.
 */
function holds(actual: unknown, expected: unknown): boolean {
  if (expected && typeof expected === 'object') {
    const matcher = (expected as { asymmetricMatch?: (value: unknown) => boolean }).asymmetricMatch;
    if (typeof matcher === 'function') return matcher.call(expected, actual);
    if (Array.isArray(expected))
      return (
        Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => holds(actual[i], e))
      );
    if (!actual || typeof actual !== 'object') return false;
    return Object.entries(expected).every(([key, value]) => holds((actual as Record<string, unknown>)[key], value));
  }
  return Object.is(actual, expected);
}

/** How the adapter reads its own product URL and refuses others; each problem in a sentence. */
export function referenceProblems(adapter: MarketplaceAdapter, baseUrl: string, listingPath: string): string[] {
  const problems: string[] = [];
  const ref = adapter.parseRef(`${baseUrl}${listingPath}`);
  if (!ref) problems.push(`${listingPath} is not read as a product address of ${adapter.id}`);
  else {
    if (ref.marketplace !== adapter.id) problems.push(`the reference names ${ref.marketplace}, not ${adapter.id}`);
    if (!same(adapter.parseRef(ref.url), ref))
      problems.push(`the canonical URL ${ref.url} does not read back the same`);
  }
  if (adapter.parseRef(`https://unrelated.example${listingPath}`)) problems.push('another host is read as a product');
  if (adapter.parseRef(`${baseUrl}/`)) problems.push('the home page is read as a product');
  if (adapter.parseRef('not a url')) problems.push('"not a url" is read as a product');
  return problems;
}

/** The removal rules the adapter declares: each with its provenance and what it reads, HTTP's 404 and 410 seen. */
export function removalRuleProblems(adapter: MarketplaceAdapter): string[] {
  const problems: string[] = [];
  if (adapter.removalRules.length < 2) problems.push('fewer than two removal rules are declared');
  for (const rule of adapter.removalRules) {
    if (rule.provenance !== 'seen' && rule.provenance !== 'assumed')
      problems.push(`${rule.rule} has no provenance (seen or assumed)`);
    if (rule.what.length <= 10) problems.push(`${rule.rule} does not say what it reads`);
  }
  const http = adapter.removalRules.filter((rule) => rule.rule === 'http.404' || rule.rule === 'http.410');
  if (
    !same(
      http.map((rule) => rule.provenance),
      ['seen', 'seen'],
    )
  )
    problems.push("HTTP's 404 and 410 must be declared, both seen");
  return problems;
}

/** Reads the case's page from `server` as a check would, on a fresh polite client. */
export async function checkCase(
  adapter: MarketplaceAdapter,
  server: FixtureServer,
  baseUrl: string,
  suite: Pick<ConformanceSuite, 'listingPath' | 'fetchPath'>,
  testCase: ConformanceCase,
): Promise<Observation> {
  const listingPath = testCase.listingPath ?? suite.listingPath;
  const ref = adapter.parseRef(`${baseUrl}${listingPath}`);
  if (!ref) throw new Error(`${listingPath} is not a product URL of ${adapter.id}`);
  server.serve({ ...testCase.routes, [suite.fetchPath ?? new URL(ref.url).pathname]: testCase.response });
  // A fresh client per case: a 429 case pauses the host, as it should, for the next request.
  const http = new PoliteHttpClient({
    allowedHosts: [...adapter.hosts],
    ...NO_POLITENESS,
    retries: 0,
    headersTimeoutMs: 500,
    bodyTimeoutMs: 500,
    totalTimeoutMs: 1_000,
  });
  return adapter.check(ref, { http }).finally(() => http.close());
}

/** How an observation falls short of its case, each problem in a sentence (none: the case passes). */
export function caseProblems(
  adapter: MarketplaceAdapter,
  testCase: ConformanceCase,
  observation: Observation,
): string[] {
  const problems: string[] = [];
  if (!observationSchema.safeParse(observation).success) problems.push('the observation does not fit the schema');
  const wanted = testCase.expect;
  if (observation.verdict !== wanted.verdict || (wanted.reason && observation.reason !== wanted.reason))
    problems.push(
      `read ${observation.verdict}/${observation.reason}, expected ${wanted.verdict}${wanted.reason ? `/${wanted.reason}` : ''} (rule ${observation.evidence.matchedRule})`,
    );
  if (wanted.data) {
    const data = (observation.data ?? {}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(wanted.data))
      if (!holds(data[key], value))
        problems.push(`${key} read ${JSON.stringify(data[key])}, expected ${JSON.stringify(value)}`);
  }
  if (observation.evidence.matchedRule === '') problems.push('no rule is named');
  if (observation.verdict === 'delisted') {
    // A removal names a declared rule and carries that rule's provenance.
    const declared = adapter.removalRules.find((rule) => rule.rule === observation.evidence.matchedRule);
    if (!declared) problems.push(`${observation.evidence.matchedRule} is not among the adapter's removalRules`);
    else if (observation.evidence.provenance !== declared.provenance)
      problems.push(`${declared.rule} carries ${observation.evidence.provenance}, declared ${declared.provenance}`);
    if (wanted.provenance && observation.evidence.provenance !== wanted.provenance)
      problems.push(`the removal is ${observation.evidence.provenance}, expected ${wanted.provenance}`);
  } else if (wanted.provenance) problems.push('a provenance is expected only of a removal');
  if (testCase.response.status === 429 && observation.evidence.retryAfterSeconds !== 120)
    problems.push(`Retry-After read ${observation.evidence.retryAfterSeconds}, expected 120`);
  return problems;
}

/** The marketplace's own cases, then those every adapter must meet whatever its site. */
export const allCases = (suite: Pick<ConformanceSuite, 'cases' | 'listingPath'>): ConformanceCase[] => [
  ...suite.cases,
  ...commonCases(new URL(suite.listingPath, 'http://x').pathname),
];
