import type { AdapterContext, ListingRef, RemovalRule } from './contract.ts';
import { OcopError, type OcopErrorCode } from './errors.ts';
import { parseRetryAfterMs } from './http/polite-client.ts';
import type { HttpResponse } from './http/types.ts';
import { detectBlockPage, detectErrorPage, detectLoginPage, hasReturnAddress } from './landing-page.ts';
import {
  type DelistedReason,
  type Evidence,
  type ListingData,
  listingDataSchema,
  type Observation,
  observationSchema,
  type Provenance,
  type UnknownReason,
} from './observation.ts';
import { pageExcerpt } from './page-excerpt.ts';

/** What an adapter reads from a 200 page: the verdict and the rule that decided it. */
export type PageReading =
  | { verdict: 'active'; data: ListingData; rule: string }
  | { verdict: 'delisted'; reason: DelistedReason; rule: string; provenance: Provenance; detail?: string }
  | { verdict: 'unknown'; reason: UnknownReason; rule: string; detail?: string };

export interface PageCheck {
  ref: ListingRef;
  /** What to fetch: the product page, or an API URL. */
  url: string;
  headers?: Record<string, string>;
  /** Reads a 200 answer. Throwing means the layout changed: `unknown/parse_failed`. */
  read(response: HttpResponse): PageReading;
  /**
   * The removal rule when a redirect landed where this site sends removed products (home,
   * search), or null. Asked only for a same-host redirect with no return address, landing on a
   * page that is neither a challenge, a login page nor an error page.
   */
  removalRedirect?(finalUrl: URL): { rule: string; provenance: Provenance } | null;
}

/** HTTP's own meaning of 404 and 410 for the product's own address: seen for every marketplace. */
export const HTTP_REMOVAL_RULES: readonly RemovalRule[] = [
  {
    rule: 'http.404',
    provenance: 'seen',
    what: "HTTP 404 for the product's own address, with no redirect off it and no block page",
  },
  {
    rule: 'http.410',
    provenance: 'seen',
    what: "HTTP 410 for the product's own address, with no redirect off it and no block page",
  },
];

const TRANSPORT_REASONS: Partial<Record<OcopErrorCode, UnknownReason>> = {
  TIMEOUT: 'timeout',
  NETWORK: 'network',
  ROBOTS_DISALLOWED: 'blocked',
  RATE_LIMITED: 'rate_limited',
};

function emptyEvidence(rule: string, detail: string | null, retryAfterMs: number | null, durationMs: number): Evidence {
  return {
    httpStatus: null,
    finalUrl: null,
    redirects: [],
    matchedRule: rule,
    bodySha256: null,
    bytes: 0,
    durationMs: Math.round(durationMs * 1000) / 1000,
    retryAfterSeconds: retryAfterMs === null ? null : Math.ceil(retryAfterMs / 1000),
    detail,
  };
}

function responseEvidence(response: HttpResponse, rule: string, detail: string | null = null): Evidence {
  const retryAfterMs = parseRetryAfterMs(response.headers['retry-after']);
  return {
    httpStatus: response.status,
    finalUrl: response.finalUrl,
    redirects: response.redirects,
    matchedRule: rule,
    bodySha256: response.sha256,
    bytes: response.bytes,
    durationMs: Math.round(response.durationMs * 1000) / 1000,
    retryAfterSeconds: retryAfterMs === null ? null : Math.ceil(retryAfterMs / 1000),
    detail,
  };
}

const unknown = (reason: UnknownReason, rule: string, detail?: string): PageReading =>
  detail === undefined ? { verdict: 'unknown', reason, rule } : { verdict: 'unknown', reason, rule, detail };

/** Where the answer came from, against what was asked: did a redirect leave the product's address? */
function route(check: PageCheck, response: HttpResponse) {
  const asked = new URL(check.url);
  const final = new URL(response.finalUrl);
  const hops = response.redirects.map((href) => new URL(href));
  return {
    final,
    leftProduct: response.redirects.length > 0 && (final.host !== asked.host || final.pathname !== asked.pathname),
    sameHost: hops.every((hop) => hop.host === asked.host),
    returnAddress: hops.some((hop) => hasReturnAddress(hop, asked.pathname)),
  };
}

/**
 * A redirect is removal evidence only on the same host, to a removal target of the site, with no
 * return address on any hop, landing on a page that is none of challenge, login or error page.
 */
function readRedirect(check: PageCheck, response: HttpResponse, way: ReturnType<typeof route>): PageReading | null {
  const hops = response.redirects.map((href) => new URL(href));
  if (hops.some((hop) => detectLoginPage('', hop)) || detectLoginPage(response.body, way.final))
    return unknown('blocked', 'landing.login', `redirected to a login page: ${response.finalUrl}`);
  if (!check.removalRedirect || !way.sameHost || way.returnAddress) return null;
  if (detectErrorPage(response.body)) return null;
  const removal = check.removalRedirect(way.final);
  if (!removal) return null;
  return {
    verdict: 'delisted',
    reason: 'removal_redirect',
    rule: removal.rule,
    provenance: removal.provenance,
    detail: `redirected to ${way.final.pathname}`,
  };
}

/** Reads the page itself; a layout that throws or fails its schema is `parse_failed`. */
function readPage(check: PageCheck, response: HttpResponse): PageReading {
  try {
    const reading = check.read(response);
    if (reading.verdict === 'active') {
      const parsed = listingDataSchema.safeParse(reading.data);
      if (!parsed.success) throw new Error(`listing data failed its schema: ${parsed.error.message}`);
    }
    return reading;
  } catch (error) {
    return unknown('parse_failed', 'parse.exception', (error as Error).message);
  }
}

/**
 * Turns an HTTP answer into a verdict. Order matters: only positive evidence about this product
 * says `delisted` (DESIGN §4): blocks, challenges, logins and error pages come first, and a page
 * reached by a redirect off the product's address says nothing about the product.
 */
function judge(check: PageCheck, response: HttpResponse): PageReading {
  const { status, body } = response;
  const way = route(check, response);
  const block = detectBlockPage(body);
  if (status === 429) return unknown('rate_limited', 'http.429');
  if (status === 401 || status === 403) return unknown('blocked', block ?? `http.${status}`);
  if (block && status !== 200) return unknown('blocked', block);
  if (status >= 500) return unknown('server_error', `http.${status}`);
  if (status === 404 || status === 410) {
    if (way.leftProduct)
      return unknown(
        'unexpected',
        `http.${status}-after-redirect`,
        `answered at ${response.finalUrl}, not the product's address`,
      );
    if (detectLoginPage(body, way.final)) return unknown('blocked', 'landing.login');
    return {
      verdict: 'delisted',
      reason: status === 404 ? 'not_found' : 'gone',
      rule: `http.${status}`,
      provenance: 'seen',
    };
  }
  if (status !== 200) return unknown('unexpected', `http.${status}`);
  if (way.leftProduct) {
    if (block) return unknown('blocked', block, `after a redirect to ${response.finalUrl}`);
    const redirect = readRedirect(check, response, way);
    if (redirect) return redirect;
  }
  const reading = readPage(check, response);
  if (reading.verdict === 'active') return reading;
  // A page without the listing's data may be a challenge or a firewall page served with 200.
  if (block) return unknown('blocked', block);
  // The page a redirect led to is another page: it may show the product (a move), never its removal.
  if (way.leftProduct) return unknown('unexpected', 'redirect.left-product', `${reading.rule} at ${response.finalUrl}`);
  return reading;
}

/**
 * Fetches and judges one listing page. Transport failures become `unknown` with their reason;
 * the caller's own abort is re-thrown (shutdown is not an observation).
 */
export async function checkPage(marketplace: string, check: PageCheck, ctx: AdapterContext): Promise<Observation> {
  const checkedAt = (ctx.now?.() ?? new Date()).toISOString();
  const base = { marketplace, itemId: check.ref.itemId, url: check.ref.url, checkedAt };
  let response: HttpResponse;
  const started = performance.now();
  try {
    response = await ctx.http.get(check.url, {
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      ...(check.headers ? { headers: check.headers } : {}),
    });
  } catch (error) {
    if (OcopError.is(error) && error.code === 'ABORTED') throw error;
    const code = OcopError.is(error) ? error.code : undefined;
    const reason = (code && TRANSPORT_REASONS[code]) ?? 'unexpected';
    const rule = code ? `transport.${code.toLowerCase()}` : 'transport.exception';
    ctx.logger?.debug({ marketplace, itemId: check.ref.itemId, err: error }, 'check failed before an answer');
    return observationSchema.parse({
      ...base,
      verdict: 'unknown',
      reason,
      data: null,
      // The real time spent, every attempt and wait included: what a slow marketplace costs a run.
      evidence: emptyEvidence(
        rule,
        (error as Error).message ?? null,
        OcopError.is(error) ? error.retryAfterMs : null,
        performance.now() - started,
      ),
    });
  }
  const reading = judge(check, response);
  const detail = 'detail' in reading ? (reading.detail ?? null) : null;
  const evidence = responseEvidence(response, reading.rule, detail);
  if (reading.verdict === 'active') {
    return observationSchema.parse({ ...base, verdict: 'active', reason: 'listed', data: reading.data, evidence });
  }
  const shown = { ...evidence, excerpt: pageExcerpt(response.body) };
  return observationSchema.parse({
    ...base,
    verdict: reading.verdict,
    reason: reading.reason,
    data: null,
    evidence: reading.verdict === 'delisted' ? { ...shown, provenance: reading.provenance } : shown,
  });
}
