import type { AdapterContext, ListingRef, RemovalRule } from './contract.ts';
import { OcopError, type OcopErrorCode } from './errors.ts';
import { parseRetryAfterMs } from './http/polite-client.ts';
import type { HttpResponse } from './http/types.ts';
import {
  detectBlockPage,
  detectErrorPage,
  detectLoginPage,
  detectMaintenancePage,
  detectRegionPage,
  hasReturnAddress,
  isCutOff,
} from './landing-page.ts';
import { isSlugOnly, movedAddressIn, type NamedProduct, sameProductRenamed } from './moved-product.ts';
import { describeAnswer, fingerprintOf, type NotFoundAnswer, sameAnswer } from './not-found/fingerprint.ts';
import { notThisAnswer } from './not-found/vet-answer.ts';
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

/** What an adapter reads from a page: the verdict and the rule that decided it. */
export type PageReading =
  | { verdict: 'active'; data: ListingData; rule: string; movedTo?: { url: string; itemId: string } }
  | { verdict: 'delisted'; reason: DelistedReason; rule: string; provenance: Provenance; detail?: string }
  | { verdict: 'unknown'; reason: UnknownReason; rule: string; detail?: string };

export interface PageCheck {
  ref: ListingRef;
  /** What to fetch: the product page, or an API URL. */
  url: string;
  headers?: Record<string, string>;
  /** Reads an answer as the page of `itemId`. Throwing means the layout changed: `unknown/parse_failed`. */
  read(response: HttpResponse, itemId: string): PageReading;
  /**
   * The removal rule when a redirect landed where this site sends removed products (home,
   * search), or null. Asked only for a same-host redirect with no return address, landing on a
   * page that is neither a challenge, a login page nor an error page.
   */
  removalRedirect?(finalUrl: URL): { rule: string; provenance: Provenance } | null;
  /** The product an address of this marketplace names, or null: how a move is recognised. */
  productOf?(url: string): NamedProduct | null;
  /** The marketplace's own not-found answers (kept with its layout) and the rule that reads them. */
  notFound: { rule: string; answers: readonly NotFoundAnswer[] };
}

/**
 * The rule by which a marketplace's own not-found answer reads as a removal (DESIGN §4,
 * "Recognised, never inferred"): declared only where such an answer is kept, and then seen — the
 * answer was captured, or asked by the doctor for an address no product has.
 */
export function notFoundRule(id: string, answers: readonly NotFoundAnswer[]): RemovalRule[] {
  if (answers.length === 0) return [];
  return [
    {
      rule: `${id}.not-found`,
      provenance: 'seen',
      what: "the marketplace's own not-found answer (a kept fingerprint: status, content type, the body's template) at the product's own address, with no product and no new address in it",
    },
  ];
}

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
type Route = ReturnType<typeof route>;

/**
 * A redirect is removal evidence only on the same host, to a removal target of the site, with no
 * return address on any hop, landing on a page that is none of challenge, login or error page.
 */
function readRedirect(check: PageCheck, response: HttpResponse, way: Route): PageReading | null {
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

const PERMANENT = new Set([301, 308]);

/**
 * A slug-only address renamed by the marketplace: one permanent redirect on the same host, with no
 * return address, straight to a product address whose slug is ours renamed, where the product is
 * on sale. The listing learns its new address (`movedTo`) and keeps its history.
 */
function readRenamedProduct(check: PageCheck, response: HttpResponse, way: Route): PageReading | null {
  const own = check.productOf?.(check.ref.url);
  const next = check.productOf?.(response.finalUrl);
  const status = response.redirectStatuses?.[0];
  if (!own || !next || !isSlugOnly(own) || next.itemId === own.itemId) return null;
  if (response.redirects.length !== 1 || status === undefined || !PERMANENT.has(status)) return null;
  if (!way.sameHost || way.returnAddress || !sameProductRenamed(own.itemId, next.itemId)) return null;
  const reading = readPage(check, response, next.itemId);
  return reading.verdict === 'active' ? { ...reading, movedTo: { url: next.url, itemId: next.itemId } } : null;
}

/** Reads the page itself; a layout that throws or fails its schema is `parse_failed`. */
function readPage(check: PageCheck, response: HttpResponse, itemId = check.ref.itemId): PageReading {
  try {
    const reading = check.read(response, itemId);
    if (reading.verdict === 'active') {
      const parsed = listingDataSchema.safeParse(reading.data);
      if (!parsed.success) throw new Error(`listing data failed its schema: ${parsed.error.message}`);
    }
    return reading;
  } catch (error) {
    return unknown('parse_failed', 'parse.exception', (error as Error).message);
  }
}

/** The product's new address when the page links to it (it moved), or null. */
function movedAddress(check: PageCheck, response: HttpResponse): string | null {
  const own = check.productOf?.(check.ref.url);
  return own && check.productOf ? movedAddressIn(response.body, response.finalUrl, own, check.productOf) : null;
}

/** A page at the product's own address that is a wall, not the product: a login form or a region notice. */
function wallOf(response: HttpResponse, way: Route): PageReading | null {
  if (detectLoginPage(response.body, way.final)) return unknown('blocked', 'landing.login');
  if (detectRegionPage(response.body)) return unknown('blocked', 'landing.region');
  return null;
}

/**
 * The marketplace's own not-found answer, recognised: its kept fingerprint (status, media type, the
 * page's template) and — since a site writes its maintenance, pacing, session, holiday and product
 * pages into the same frame — nothing on the page that says otherwise, and the answer's own
 * sentence where it was kept (`says`). Null when the page is not in a kept template.
 */
function keptAnswer(check: PageCheck, response: HttpResponse, answer: NotFoundAnswer): PageReading | null {
  const kept = check.notFound.answers.find((candidate) => sameAnswer(candidate, answer));
  if (!kept) return null;
  const other = notThisAnswer(response.body, kept, new URL(check.ref.url).pathname);
  if (other)
    return unknown(
      other.reason,
      `not-found-frame.${other.why}`,
      `HTTP ${response.status} in the marketplace's not-found template, yet the page says otherwise (${other.why})`,
    );
  return {
    verdict: 'delisted',
    reason: response.status === 410 ? 'gone' : 'not_found',
    rule: check.notFound.rule,
    provenance: 'seen',
  };
}

/**
 * A 404 or 410 at the product's own address is a removal only when it is the marketplace's own
 * not-found answer — a kept fingerprint — and says nothing of the product (neither the product on
 * sale nor its new address). Web servers, gateways, CDNs and maintenance pages answer 404 too.
 */
function readNotFound(check: PageCheck, response: HttpResponse, way: Route, answer: NotFoundAnswer): PageReading {
  const status = response.status;
  if (way.leftProduct)
    return unknown(
      'unexpected',
      `http.${status}-after-redirect`,
      `answered at ${response.finalUrl}, not the product's address`,
    );
  const wall = wallOf(response, way);
  if (wall) return wall;
  if (readPage(check, response).verdict === 'active')
    return unknown(
      'unexpected',
      `http.${status}.product-on-sale`,
      `HTTP ${status}, yet the page shows the product on sale`,
    );
  const moved = movedAddress(check, response);
  if (moved)
    return unknown('unexpected', `http.${status}.moved`, `the page points to the product's new address: ${moved}`);
  if (isCutOff(response.body)) return unknown('unexpected', 'page.cut-off', `HTTP ${status} with a page cut off`);
  const kept = keptAnswer(check, response, answer);
  if (kept) return kept;
  if (detectMaintenancePage(response.body))
    return unknown('server_error', `http.${status}.maintenance`, `HTTP ${status} with a maintenance page`);
  return unknown(
    'unexpected',
    `http.${status}.unrecognised`,
    check.notFound.answers.length === 0
      ? `HTTP ${status}, and no not-found answer of this marketplace is kept (run ocop-monitor doctor)`
      : `HTTP ${status}, not this marketplace's own not-found answer`,
  );
}

/**
 * Turns an HTTP answer into a verdict. Order matters: only positive evidence about this product
 * says `delisted` (DESIGN §4): blocks, challenges, logins and error pages come first, a page
 * reached by a redirect off the product's address says nothing about the product, and a status
 * code or a page is a removal only when it is recognised as the marketplace's own answer.
 */
function judge(check: PageCheck, response: HttpResponse, answer: () => NotFoundAnswer): PageReading {
  const { status, body } = response;
  const way = route(check, response);
  const block = detectBlockPage(body);
  if (status === 429) return unknown('rate_limited', 'http.429');
  if (status === 401 || status === 403) return unknown('blocked', block ?? `http.${status}`);
  if (block && status !== 200) return unknown('blocked', block);
  if (status >= 500) return unknown('server_error', `http.${status}`);
  if (status === 404 || status === 410) return readNotFound(check, response, way, answer());
  if (status !== 200) return unknown('unexpected', `http.${status}`);
  if (way.leftProduct) {
    if (block) return unknown('blocked', block, `after a redirect to ${response.finalUrl}`);
    const redirect = readRedirect(check, response, way) ?? readRenamedProduct(check, response, way);
    if (redirect) return redirect;
  }
  const reading = readPage(check, response);
  if (reading.verdict === 'active') return reading;
  // A page without the listing's data may be a challenge, a firewall page or a wall served with 200.
  if (block) return unknown('blocked', block);
  const wall = wallOf(response, way);
  if (wall) return wall;
  // The page a redirect led to is another page: it may show the product (a move), never its removal.
  if (way.leftProduct) return unknown('unexpected', 'redirect.left-product', `${reading.rule} at ${response.finalUrl}`);
  const moved = movedAddress(check, response);
  if (moved) return unknown('unexpected', 'page.moved', `the page points to the product's new address: ${moved}`);
  if (isCutOff(body)) return unknown('unexpected', 'page.cut-off', `${reading.rule} on a page cut off`);
  // A floor that answers a missing product with 200 and its own "no data" page (Hà Tĩnh).
  return keptAnswer(check, response, answer()) ?? reading;
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
  // Computed at most once, and only for answers that are not a listing on sale.
  let fingerprint: NotFoundAnswer | undefined;
  const answer = () => {
    fingerprint ??= fingerprintOf(response);
    return fingerprint;
  };
  const reading = judge(check, response, answer);
  const detail = 'detail' in reading ? (reading.detail ?? null) : null;
  const evidence = responseEvidence(response, reading.rule, detail);
  if (reading.verdict === 'active') {
    const moved = reading.movedTo ? { movedTo: reading.movedTo } : {};
    return observationSchema.parse({
      ...base,
      verdict: 'active',
      reason: 'listed',
      data: reading.data,
      evidence: { ...evidence, ...moved },
    });
  }
  const shown = { ...evidence, excerpt: pageExcerpt(response.body), answer: describeAnswer(answer()) };
  return observationSchema.parse({
    ...base,
    verdict: reading.verdict,
    reason: reading.reason,
    data: null,
    evidence: reading.verdict === 'delisted' ? { ...shown, provenance: reading.provenance } : shown,
  });
}
