import { detectChallenge } from './challenge.ts';
import type { AdapterContext, ListingRef } from './contract.ts';
import { OcopError, type OcopErrorCode } from './errors.ts';
import { parseRetryAfterMs } from './http/polite-client.ts';
import type { HttpResponse } from './http/types.ts';
import {
  type DelistedReason,
  type Evidence,
  type ListingData,
  listingDataSchema,
  type Observation,
  observationSchema,
  type UnknownReason,
} from './observation.ts';
import { pageExcerpt } from './page-excerpt.ts';

/** What an adapter reads from a 200 page: the verdict and the rule that decided it. */
export type PageReading =
  | { verdict: 'active'; data: ListingData; rule: string }
  | { verdict: 'delisted'; reason: DelistedReason; rule: string; detail?: string }
  | { verdict: 'unknown'; reason: UnknownReason; rule: string; detail?: string };

export interface PageCheck {
  ref: ListingRef;
  /** What to fetch: the product page, or an API URL. */
  url: string;
  headers?: Record<string, string>;
  /** Reads a 200 answer. Throwing means the layout changed: `unknown/parse_failed`. */
  read(response: HttpResponse): PageReading;
  /** The rule name when a redirect landed where this site sends removed products (home, search). */
  removalRedirect?(finalUrl: URL): string | null;
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

/** Turns an HTTP answer into a verdict. Order matters: only positive evidence says `delisted`. */
function judge(check: PageCheck, response: HttpResponse): { reading: PageReading; detail?: string } {
  const { status, body } = response;
  const challenge = detectChallenge(body);
  if (status === 429) return { reading: { verdict: 'unknown', reason: 'rate_limited', rule: 'http.429' } };
  if (status === 403) return { reading: { verdict: 'unknown', reason: 'blocked', rule: challenge ?? 'http.403' } };
  if (challenge && status !== 200) return { reading: { verdict: 'unknown', reason: 'blocked', rule: challenge } };
  if (status >= 500) return { reading: { verdict: 'unknown', reason: 'server_error', rule: `http.${status}` } };
  if (status === 404) return { reading: { verdict: 'delisted', reason: 'not_found', rule: 'http.404' } };
  if (status === 410) return { reading: { verdict: 'delisted', reason: 'gone', rule: 'http.410' } };
  if (status !== 200) return { reading: { verdict: 'unknown', reason: 'unexpected', rule: `http.${status}` } };
  if (response.redirects.length > 0 && check.removalRedirect) {
    const rule = check.removalRedirect(new URL(response.finalUrl));
    if (rule) return { reading: { verdict: 'delisted', reason: 'removal_redirect', rule } };
  }
  let reading: PageReading;
  try {
    reading = check.read(response);
    if (reading.verdict === 'active') {
      const parsed = listingDataSchema.safeParse(reading.data);
      if (!parsed.success) throw new Error(`listing data failed its schema: ${parsed.error.message}`);
    }
  } catch (error) {
    reading = { verdict: 'unknown', reason: 'parse_failed', rule: 'parse.exception', detail: (error as Error).message };
  }
  // A page without the listing's data may be a challenge served with 200.
  if (reading.verdict !== 'active' && challenge)
    return { reading: { verdict: 'unknown', reason: 'blocked', rule: challenge } };
  return { reading };
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
  const { reading } = judge(check, response);
  const detail = 'detail' in reading ? (reading.detail ?? null) : null;
  const evidence = responseEvidence(response, reading.rule, detail);
  if (reading.verdict === 'active') {
    return observationSchema.parse({ ...base, verdict: 'active', reason: 'listed', data: reading.data, evidence });
  }
  return observationSchema.parse({
    ...base,
    verdict: reading.verdict,
    reason: reading.reason,
    data: null,
    evidence: { ...evidence, excerpt: pageExcerpt(response.body) },
  });
}
