import { setTimeout as sleep } from 'node:timers/promises';
import type { AdapterContext } from '../contract.ts';
import type { DelistedReason, ListingData, Observation, UnknownReason } from '../observation.ts';
import type { SellerItemRef } from './contract.ts';

/** Waits so that one shop's calls keep the platform's pace (`minIntervalMs` between two calls). */
export function shopPacer(minIntervalMs: number) {
  const lastCall = new Map<string, number>();
  return async (shopId: string) => {
    const wait = (lastCall.get(shopId) ?? 0) + minIntervalMs - Date.now();
    if (wait > 0) await sleep(wait);
    lastCall.set(shopId, Date.now());
  };
}

type Extra = Partial<Observation['evidence']>;

/**
 * A seller call's address without its query and fragment: the query carries the access token and
 * the signature, and an observation is stored (observations.evidence) and shown to staff.
 */
function withoutQuery(address: string): string {
  try {
    const url = new URL(address);
    return `${url.origin}${url.pathname}`;
  } catch {
    return address.replace(/[?#].*$/su, '');
  }
}

/**
 * The three verdicts of one reading of a seller's record, with the evidence every one carries: the
 * rule is named `<source id>.<rule>`, a removal is `authoritative`, everything else is not.
 */
export function sellerReading(sourceId: string, ref: SellerItemRef, ctx: AdapterContext) {
  const now = ctx.now?.() ?? new Date();
  const started = performance.now();
  const evidence = (rule: string, extra: Extra = {}) => ({
    httpStatus: null,
    matchedRule: `${sourceId}.${rule}`,
    bodySha256: null,
    bytes: 0,
    durationMs: Math.round(performance.now() - started),
    retryAfterSeconds: null,
    detail: null,
    ...extra,
    // Whatever a source passes, no seller call's query reaches the observation.
    finalUrl: extra.finalUrl ? withoutQuery(extra.finalUrl) : null,
    redirects: (extra.redirects ?? []).map(withoutQuery),
  });
  const base = { marketplace: ref.marketplace, itemId: ref.itemId, url: ref.url, checkedAt: now.toISOString() };
  return {
    now,
    unknown: (reason: UnknownReason, rule: string, extra: Extra = {}): Observation => ({
      ...base,
      verdict: 'unknown',
      reason,
      data: null,
      evidence: evidence(rule, extra),
    }),
    delisted: (reason: DelistedReason, rule: string, extra: Extra): Observation => ({
      ...base,
      verdict: 'delisted',
      reason,
      data: null,
      // `authoritative` unless the rule says otherwise (a documented answer never seen: `assumed`).
      evidence: { ...evidence(rule, extra), provenance: extra.provenance ?? 'authoritative' },
    }),
    active: (data: ListingData, rule: string, extra: Extra): Observation => ({
      ...base,
      verdict: 'active',
      reason: 'listed',
      data,
      evidence: evidence(rule, extra),
    }),
  };
}

/** A platform's error code, safe to put in a rule name and a log. */
export const cleanCode = (code: unknown): string =>
  typeof code === 'string' || typeof code === 'number'
    ? String(code)
        .replace(/[^\w.-]/gu, '')
        .slice(0, 60)
    : '';
