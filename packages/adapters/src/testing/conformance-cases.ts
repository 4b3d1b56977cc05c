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
  /**
   * `negative-control`: the case checks the adapter's address that no product has
   * (`notFoundControl`), answered with `response` wherever the adapter asks.
   */
  ask?: 'listing' | 'negative-control';
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
    /**
     * Also passes when read removed by a seen rule other than the one named here (a suffix such
     * as `.not-found`): a floor's removal sentence still inside the changed page is evidence.
     */
    orSeenRemovalBesides?: string;
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
  /**
   * The marketplace's own not-found answer, as captured (or as `ocop-monitor doctor` asked it for an
   * address no product has): the adapter must keep its fingerprint (`notFoundAnswers`). Without it,
   * the kit checks that no 404 ever reads as a removal.
   */
  notFound?: FixtureResponse;
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
/** nginx's own error page: what a web server answers while the marketplace's application is down. */
const NGINX_404 = `<html>
<head><title>404 Not Found</title></head>
<body>
<center><h1>404 Not Found</h1></center>
<hr><center>nginx/1.24.0</center>
</body>
</html>`;
const GATEWAY_404 = JSON.stringify({ message: 'no Route matched with those values', request_id: '5c1e0a2b7d' });
const REGION_PAGE = `<!DOCTYPE html><html lang="vi"><head><title>Không khả dụng</title></head><body>
<p>Sản phẩm này không khả dụng tại khu vực của bạn.</p></body></html>`;

/** Where a case's page links to another product address of the marketplace, filled in when it is served. */
const MOVED_TO = '{{another-product-address}}';

/** The same answer in another template: what a redesign of the not-found page, or another server's, looks like. */
function inAnotherTemplate(answer: FixtureResponse): FixtureResponse {
  const body = answer.body ?? '';
  const trimmed = body.trimStart();
  const changed = trimmed.startsWith('{')
    ? `{"template_changed":true,"body":${trimmed}}`
    : /<body[^>]*>/iu.test(body)
      ? body.replace(/<body([^>]*)>/iu, '<body$1><div class="ocop-monitor-changed-template"><span></span></div>')
      : `<div class="ocop-monitor-changed-template">${body}</div>`;
  return { ...answer, body: changed };
}

/**
 * A marketplace's own not-found answer is a removal; no other 404 or 410 is (DESIGN §4,
 * "Recognised, never inferred"): a web server's, a gateway's, a maintenance page, a page that
 * says the product moved, a page that shows the product on sale.
 */
function notFoundCases(suite: Pick<ConformanceSuite, 'notFound' | 'cases'>): ConformanceCase[] {
  const onSale = suite.cases.find((c) => c.expect.verdict === 'active' && c.response.body);
  const own = suite.notFound;
  const removed = {
    verdict: 'delisted',
    reason: own?.status === 410 ? 'gone' : 'not_found',
    provenance: 'seen',
  } as const;
  return [
    ...(own
      ? [
          {
            name: "the marketplace's own not-found answer at the product's address is a removal by a seen rule",
            response: own,
            expect: removed,
          },
          {
            name: 'the negative control — an address no product has — gets that answer and recognises it',
            ask: 'negative-control',
            response: own,
            expect: removed,
          } satisfies ConformanceCase,
          {
            name: 'the same answer in another template (a redesign, another server) is never read by its fingerprint',
            response: inAnotherTemplate(own),
            expect: { verdict: 'unknown', orSeenRemovalBesides: '.not-found' },
          } satisfies ConformanceCase,
        ]
      : [
          {
            name: 'a 404 when no not-found answer of the marketplace is kept is unknown, never delisted',
            response: { status: 404, body: 'Not found' },
            expect: { verdict: 'unknown', reason: 'unexpected' },
          } satisfies ConformanceCase,
        ]),
    {
      name: "a web server's default 404 page (nginx) is unknown, never delisted",
      response: { status: 404, body: NGINX_404 },
      expect: { verdict: 'unknown' },
    },
    {
      name: "an API gateway's 404 (no route matched) is unknown, never delisted",
      response: { status: 404, headers: { 'content-type': 'application/json' }, body: GATEWAY_404 },
      expect: { verdict: 'unknown' },
    },
    {
      name: 'a maintenance page served as the 404 document is unknown, never delisted',
      response: { status: 404, body: MAINTENANCE_PAGE },
      expect: { verdict: 'unknown' },
    },
    {
      name: 'a 410 whose page says the product moved and links its new address is unknown, never delisted',
      response: {
        status: 410,
        body: `<!DOCTYPE html><html lang="vi"><head><title>Đã chuyển</title></head><body><p>Sản phẩm đã chuyển sang địa chỉ mới: <a href="${MOVED_TO}">xem tại đây</a></p></body></html>`,
      },
      expect: { verdict: 'unknown' },
    },
    ...(onSale
      ? [
          {
            name: 'a 404 whose body is the product on sale is unknown, never delisted',
            response: { ...onSale.response, status: 404 },
            expect: { verdict: 'unknown' },
          } satisfies ConformanceCase,
        ]
      : []),
  ];
}

/**
 * Cases every adapter must meet whatever its site: failures are `unknown`, never `delisted`; and
 * the answers that look like a removal but are not (DESIGN §4, "Evidence is about that product"):
 * a firewall's 404, a 404 after a redirect off the product, a bounce home with a return address,
 * a challenge, login or maintenance page reached by a redirect, a wall at the product's address.
 */
function commonCases(path: string): ConformanceCase[] {
  const goHome = (location: string) => ({ status: 302, headers: { location } });
  return [
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
      name: "a login wall served with 200 at the product's own address is unknown/blocked",
      response: { status: 200, body: LOGIN_PAGE },
      expect: { verdict: 'unknown', reason: 'blocked' },
    },
    {
      name: "a region notice served with 200 at the product's own address is unknown/blocked",
      response: { status: 200, body: REGION_PAGE },
      expect: { verdict: 'unknown', reason: 'blocked' },
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

/**
 * The removal rules the adapter declares: each with its provenance and what it reads; the
 * marketplace's own not-found answer as a seen rule exactly when one is kept.
 */
export function removalRuleProblems(adapter: MarketplaceAdapter, suite?: Pick<ConformanceSuite, 'notFound'>): string[] {
  const problems: string[] = [];
  if (adapter.removalRules.length < 1) problems.push('no removal rule is declared');
  for (const rule of adapter.removalRules) {
    if (rule.provenance !== 'seen' && rule.provenance !== 'assumed')
      problems.push(`${rule.rule} has no provenance (seen or assumed)`);
    if (rule.what.length <= 10) problems.push(`${rule.rule} does not say what it reads`);
  }
  const notFound = adapter.removalRules.filter((rule) => rule.rule === `${adapter.id}.not-found`);
  if (adapter.notFoundAnswers.length > 0 && notFound.map((rule) => rule.provenance).join() !== 'seen')
    problems.push(`${adapter.id}.not-found must be declared once, seen, since a not-found answer is kept`);
  if (adapter.notFoundAnswers.length === 0 && notFound.length > 0)
    problems.push(`${adapter.id}.not-found is declared, yet no not-found answer is kept`);
  if (suite?.notFound && adapter.notFoundAnswers.length === 0)
    problems.push("the suite gives the marketplace's not-found answer, yet the adapter keeps none (notFoundAnswers)");
  if (adapter.removalRules.some((rule) => /^http\.(?:404|410)$/u.test(rule.rule)))
    problems.push('a bare HTTP 404/410 is declared a removal: only the marketplace’s own not-found answer is');
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
  const listing = adapter.parseRef(`${baseUrl}${listingPath}`);
  if (!listing) throw new Error(`${listingPath} is not a product URL of ${adapter.id}`);
  let ref = listing;
  const movedTo = adapter.notFoundControl(listing, 'moved')?.url ?? `${baseUrl}/`;
  const response = testCase.response.body?.includes(MOVED_TO)
    ? { ...testCase.response, body: testCase.response.body.replaceAll(MOVED_TO, movedTo) }
    : testCase.response;
  if (testCase.ask === 'negative-control') {
    const control = adapter.notFoundControl(listing, 'conformance');
    if (!control) throw new Error(`${adapter.id} makes no address that no product has (notFoundControl)`);
    ref = control;
    // Wherever the adapter asks for it (a page, an API), the address no product has gets this answer.
    server.serve({ ...testCase.routes, '*': response });
  } else server.serve({ ...testCase.routes, [suite.fetchPath ?? new URL(ref.url).pathname]: response });
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
  const besides = wanted.orSeenRemovalBesides;
  const otherSeenRemoval =
    besides !== undefined &&
    observation.verdict === 'delisted' &&
    observation.evidence.provenance === 'seen' &&
    !observation.evidence.matchedRule.endsWith(besides);
  if (otherSeenRemoval) return problems;
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
  if (wanted.verdict === 'delisted' && observation.verdict === 'unknown' && observation.evidence.answer) {
    const [status, contentType, signature] = observation.evidence.answer.split(' ');
    problems.push(
      `if this is the marketplace's own not-found answer, keep it: notFoundAnswers: [{ status: ${status}, contentType: '${contentType === 'none' ? '' : contentType}', signature: '${signature}' }]`,
    );
  }
  if (testCase.response.status === 429 && observation.evidence.retryAfterSeconds !== 120)
    problems.push(`Retry-After read ${observation.evidence.retryAfterSeconds}, expected 120`);
  return problems;
}

/** The marketplace's own cases, then those every adapter must meet whatever its site. */
export const allCases = (suite: Pick<ConformanceSuite, 'cases' | 'listingPath' | 'notFound'>): ConformanceCase[] => [
  ...suite.cases,
  ...notFoundCases(suite),
  ...commonCases(new URL(suite.listingPath, 'http://x').pathname),
];
