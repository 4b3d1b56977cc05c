import type { AdapterContext, ListingRef, MarketplaceAdapter } from '../contract.ts';
import type { HttpClient } from '../http/types.ts';
import type { Observation } from '../observation.ts';
import { type NotFoundAnswer, parseAnswer, sameAnswer } from './fingerprint.ts';
import { answerSays } from './says.ts';

/** What asking a marketplace for addresses no product has taught. */
export interface LearnedNotFoundAnswer {
  /** The answer to keep (`notFoundAnswers`), or null when none can be kept. */
  answer: NotFoundAnswer | null;
  /** Why none can be kept, in a sentence (English; the doctor words it for people). */
  why: string | null;
  /** The checks of the two addresses asked. */
  observations: Observation[];
}

// Answers that are the site refusing or failing, not its answer about a product.
const NOT_AN_ANSWER = new Set(['blocked', 'rate_limited', 'server_error', 'network', 'timeout']);

/** The answer one check got, when it can be the marketplace's own not-found answer; else why not. */
function answerOf(observation: Observation, body: string | null): { answer: NotFoundAnswer } | { why: string } {
  const { evidence } = observation;
  if (observation.verdict === 'active') return { why: 'an address no product has reads as a product on sale' };
  if (observation.verdict === 'unknown' && NOT_AN_ANSWER.has(observation.reason))
    return { why: `the marketplace did not answer (${observation.reason}, ${evidence.matchedRule})` };
  if (evidence.redirects.length > 0)
    return {
      why: `the marketplace redirected to ${evidence.finalUrl ?? '?'}: a redirect is never kept as a not-found answer`,
    };
  if (![200, 404, 410].includes(evidence.httpStatus ?? 0))
    return { why: `the marketplace answered HTTP ${evidence.httpStatus ?? '?'}` };
  const answer = evidence.answer ? parseAnswer(evidence.answer) : null;
  if (!answer) return { why: 'the answer has no fingerprint' };
  // The sentence it shows, kept with it: the same frame with other words is not this answer.
  const says = body === null ? null : answerSays(body);
  return { answer: says ? { ...answer, says } : answer };
}

/**
 * Asks a marketplace for two addresses no product has (shaped like `sample`, from `seed`), as
 * `ocop-monitor doctor` does, and returns the answer to keep: the same status, content type and
 * template both times — the marketplace's own not-found answer, whatever address is asked.
 */
export async function learnNotFoundAnswer(
  adapter: MarketplaceAdapter,
  sample: ListingRef,
  ctx: AdapterContext,
  seed: string,
): Promise<LearnedNotFoundAnswer> {
  const observations: Observation[] = [];
  const answers: NotFoundAnswer[] = [];
  // The answers themselves, for the sentence each shows (the observation keeps only its fingerprint).
  const bodies: string[] = [];
  const http: HttpClient = {
    get: async (url, options) => {
      const response = await ctx.http.get(url, options);
      bodies.push(response.body);
      return response;
    },
  };
  for (const suffix of ['a', 'b']) {
    const ref = adapter.notFoundControl(sample, `${seed}-${suffix}`);
    if (!ref) return { answer: null, why: `${adapter.id} makes no address that no product has`, observations };
    const mark = bodies.length;
    const observation = await adapter.check(ref, { ...ctx, http });
    observations.push(observation);
    const found = answerOf(observation, bodies.length > mark ? (bodies.at(-1) ?? null) : null);
    if ('why' in found) return { answer: null, why: found.why, observations };
    answers.push(found.answer);
  }
  const [first, second] = answers;
  if (!first || !second || !sameAnswer(first, second) || first.says !== second.says)
    return { answer: null, why: 'two addresses no product has got different answers', observations };
  return { answer: first, why: null, observations };
}
