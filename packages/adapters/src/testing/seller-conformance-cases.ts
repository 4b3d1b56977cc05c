import { NO_POLITENESS } from '../http/options.ts';
import { PoliteHttpClient } from '../http/polite-client.ts';
import { type Observation, observationSchema } from '../observation.ts';
import type { SellerItemRef, SellerSource, SellerTokens } from '../seller/contract.ts';
import type { FixtureResponse, FixtureRoutes, FixtureServer } from './fixture-server.ts';

/** A seller source's platform, as the kit needs it: its own answers, in its own shapes. */
export interface SellerConformanceSuite {
  /** Names the describe block. */
  name: string;
  /** Creates the source with every base address at `baseUrl` (a local server), unpaced. */
  createSource(baseUrl: string): SellerSource;
  ref: SellerItemRef;
  /** The path the source reads the item at. */
  itemPath: string;
  /** Answers the platform gives before the item, by path (TikTok Shop's authorised shops). */
  routes?: FixtureRoutes;
  /** The platform's plain 200 answer for the item in this status word. */
  itemAnswer(status: string): FixtureResponse;
  statuses: {
    onSale: string;
    /** Deleted, banned, suspended: a removal on one reading. */
    removed: string[];
    /** The seller hid it. */
    hidden: string;
    /** Under review (and any other status that is not a decision). */
    undecided: string[];
  };
  /** The platform's own answers for an expired token, an error of its own and its pacing limit. */
  errors: { expiredToken: FixtureResponse; platformError: FixtureResponse; rateLimited: FixtureResponse };
  /** The platform's plain 200 for an item the shop's record does not hold (another shop's): never a removal. */
  notThisShop: FixtureResponse;
  /**
   * The platform's documented answer for an item id it has no item for, where the source reads it
   * as a removal: only ever `assumed` (a person confirms), never authoritative.
   */
  notFound?: FixtureResponse;
  /**
   * Answers in the platform's shape carrying a removed status, whose success mark is not the
   * platform's (code null, "", false, [] or missing): never the record, so never a removal.
   */
  malformed?: FixtureResponse[];
  /** The platform's error answer with markup, a line break and 5 000 letters in its code and message. */
  dirtyError?: FixtureResponse;
}

export interface SellerConformanceCase {
  name: string;
  /** The answer at the item's path. */
  response: FixtureResponse;
  /** Other paths the case needs (where a redirect lands). */
  routes?: FixtureRoutes;
  /** The tokens ended before the reading: the platform must not be asked at all. */
  expiredTokens?: boolean;
  expect: {
    verdict: Observation['verdict'];
    reason?: Observation['reason'];
    provenance?: 'authoritative' | 'assumed';
  };
}

const ELSEWHERE = '/ocop-monitor-elsewhere';
const ACCESS_TOKEN = 'conformance-access-token';
const REFRESH_TOKEN = 'conformance-refresh-token';
/** What a signed seller call carries that must never be stored: the tokens and the signed query. */
const SECRETS = [ACCESS_TOKEN, REFRESH_TOKEN, 'access_token', 'sign='];
const MAINTENANCE = `<!DOCTYPE html><html lang="vi"><head><title>Bảo trì hệ thống</title></head>
<body><p>Hệ thống đang bảo trì, quý khách vui lòng quay lại sau.</p></body></html>`;

/**
 * Every case a seller source must pass (DESIGN §4): the record's removals are removals on one
 * reading, the seller's hiding is `seller_hidden`, review is unknown — and an expired token, an
 * error of the platform, its pacing limit, any answer other than its plain 200 at the address asked
 * (an error status, a redirect elsewhere, a maintenance page, a dropped connection) is unknown,
 * never a removal, even when it carries a removed status.
 */
export function sellerCases(suite: SellerConformanceSuite): SellerConformanceCase[] {
  const { statuses, errors } = suite;
  const [removedWord = statuses.hidden] = statuses.removed;
  const removedAnswer = suite.itemAnswer(removedWord);
  return [
    { name: `${statuses.onSale}: on sale`, response: suite.itemAnswer(statuses.onSale), expect: { verdict: 'active' } },
    ...statuses.removed.map((word) => ({
      name: `${word}: delisted on one authoritative reading`,
      response: suite.itemAnswer(word),
      expect: { verdict: 'delisted', reason: 'marketplace_state', provenance: 'authoritative' } as const,
    })),
    {
      name: `${statuses.hidden}: hidden by the seller (seller_hidden), authoritative`,
      response: suite.itemAnswer(statuses.hidden),
      expect: { verdict: 'delisted', reason: 'seller_hidden', provenance: 'authoritative' },
    },
    ...statuses.undecided.map((word) => ({
      name: `${word}: not a decision, unknown`,
      response: suite.itemAnswer(word),
      expect: { verdict: 'unknown' } as const,
    })),
    {
      name: `a status word that is not the platform's (${removedWord.toLowerCase()} in other letters) is unknown`,
      response: suite.itemAnswer(` ${removedWord.toLowerCase()}`),
      expect: { verdict: 'unknown' },
    },
    {
      name: "the platform's answer for an item that is not this shop's is unknown, never a removal",
      response: suite.notThisShop,
      expect: { verdict: 'unknown' },
    },
    ...(suite.notFound
      ? [
          {
            name: "the platform's documented answer for an id it has no item for makes a suspect (assumed), never a confirmed removal",
            response: suite.notFound,
            expect: { verdict: 'delisted', reason: 'not_found', provenance: 'assumed' } as const,
          },
          {
            name: 'that not-found answer with an error status is unknown',
            response: { ...suite.notFound, status: 404 },
            expect: { verdict: 'unknown' } as const,
          },
        ]
      : []),
    ...(suite.malformed ?? []).map((response, index) => ({
      name: `a removed status under a success mark that is not the platform's (${index + 1}: ${response.body?.slice(0, 40)}) is unknown`,
      response,
      expect: { verdict: 'unknown' } as const,
    })),
    ...(suite.dirtyError
      ? [
          {
            name: 'an error code with markup and a line break in it is unknown, its rule name cleaned and its words cut',
            response: suite.dirtyError,
            expect: { verdict: 'unknown' } as const,
          },
        ]
      : []),
    {
      name: "the platform's answer for an expired token is unknown, never a removal",
      response: errors.expiredToken,
      expect: { verdict: 'unknown', reason: 'blocked' },
    },
    {
      name: 'tokens that ended before the reading: unknown, and the platform is not asked',
      response: removedAnswer,
      expiredTokens: true,
      expect: { verdict: 'unknown', reason: 'blocked' },
    },
    {
      name: "an error of the platform's own is unknown",
      response: errors.platformError,
      expect: { verdict: 'unknown' },
    },
    {
      name: "the platform's pacing limit is unknown (rate_limited)",
      response: errors.rateLimited,
      expect: { verdict: 'unknown', reason: 'rate_limited' },
    },
    ...[403, 404, 429, 500, 503].map((status) => ({
      name: `a removed status in an answer with HTTP ${status} is unknown, never a removal`,
      response: { ...removedAnswer, status },
      expect: { verdict: 'unknown' } as const,
    })),
    {
      name: 'a removed status in a 200 at another address (after a redirect) is unknown, never a removal',
      response: { status: 302, headers: { location: ELSEWHERE }, body: '' },
      routes: { [ELSEWHERE]: removedAnswer },
      expect: { verdict: 'unknown' },
    },
    {
      name: 'a redirect that keeps the signed query (access token, sign) is unknown, and no secret reaches the observation',
      response: { status: 301, headers: { location: ELSEWHERE }, keepQuery: true, body: '' },
      routes: { [ELSEWHERE]: removedAnswer },
      expect: { verdict: 'unknown' },
    },
    {
      name: 'a maintenance page with HTTP 200 is unknown',
      response: { status: 200, body: MAINTENANCE },
      expect: { verdict: 'unknown' },
    },
    { name: 'a dropped connection is unknown', response: { reset: true }, expect: { verdict: 'unknown' } },
  ];
}

/** Reads the suite's item once with the case's answers served, over real HTTP. */
export async function readSellerCase(
  source: SellerSource,
  server: FixtureServer,
  suite: SellerConformanceSuite,
  testCase: SellerConformanceCase,
): Promise<{ observation: Observation; askedItem: boolean }> {
  server.serve({ ...suite.routes, ...testCase.routes, [suite.itemPath]: testCase.response });
  const now = new Date();
  const tokens: SellerTokens = {
    shopId: suite.ref.shopId,
    accessToken: ACCESS_TOKEN,
    accessExpiresAt: new Date(now.getTime() + (testCase.expiredTokens ? -60_000 : 3_600_000)).toISOString(),
    refreshToken: REFRESH_TOKEN,
    refreshExpiresAt: new Date(now.getTime() + 86_400_000).toISOString(),
  };
  const http = new PoliteHttpClient({
    allowedHosts: [...source.hosts],
    ...NO_POLITENESS,
    retries: 0,
    headersTimeoutMs: 500,
    bodyTimeoutMs: 500,
    totalTimeoutMs: 1_000,
  });
  try {
    const observation = await source.readItem(suite.ref, tokens, { http, now: () => now });
    return { observation, askedItem: server.requests.includes(suite.itemPath) };
  } finally {
    await http.close();
  }
}

/** What a reading got wrong for its case, each in a sentence; empty when it passed. */
export function sellerCaseProblems(
  testCase: SellerConformanceCase,
  result: { observation: Observation; askedItem: boolean },
): string[] {
  const { observation } = result;
  const problems: string[] = [];
  const parsed = observationSchema.safeParse(observation);
  if (!parsed.success) problems.push(`the observation does not match the contract: ${parsed.error.message}`);
  if (observation.verdict !== testCase.expect.verdict)
    problems.push(
      `read ${observation.verdict} (${observation.reason}, ${observation.evidence.matchedRule}), expected ${testCase.expect.verdict}`,
    );
  if (testCase.expect.reason && observation.reason !== testCase.expect.reason)
    problems.push(`reason ${observation.reason}, expected ${testCase.expect.reason}`);
  if (testCase.expect.provenance && observation.evidence.provenance !== testCase.expect.provenance)
    problems.push(`provenance ${observation.evidence.provenance ?? 'none'}, expected ${testCase.expect.provenance}`);
  // Observations are stored (observations.evidence) and shown: a seller call's query never goes there.
  const stored = JSON.stringify(observation);
  for (const secret of SECRETS)
    if (stored.includes(secret)) problems.push(`the observation carries "${secret}" of the signed call`);
  // The platform's words go into a rule name (a log, a page) and the stored detail: clean and short.
  if (!/^[\w.-]{1,120}$/u.test(observation.evidence.matchedRule))
    problems.push(
      `the rule name is not a clean code: ${JSON.stringify(observation.evidence.matchedRule.slice(0, 80))}`,
    );
  if ((observation.evidence.detail?.length ?? 0) > 400)
    problems.push(`the detail is ${observation.evidence.detail?.length} characters long`);
  if (testCase.expiredTokens && result.askedItem) problems.push('asked the platform with tokens that had ended');
  return problems;
}
