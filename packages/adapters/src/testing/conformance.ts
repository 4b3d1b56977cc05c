import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MarketplaceAdapter } from '../contract.ts';
import {
  allCases,
  type ConformanceSuite,
  caseProblems,
  checkCase,
  referenceProblems,
  removalRuleProblems,
} from './conformance-cases.ts';
import { FixtureServer } from './fixture-server.ts';

export type { ConformanceCase, ConformanceSuite } from './conformance-cases.ts';

/**
 * The adapter conformance suite (unstorage `testDriver()` style): run it from a vitest file with
 * your adapter factory and fixtures. Every request goes over real HTTP to a local server. The same
 * cases and judgements run outside vitest with `runConformance`.
 */
export function describeAdapterConformance(suite: ConformanceSuite): void {
  describe(`${suite.name} adapter conformance`, () => {
    const server = new FixtureServer();
    let baseUrl = '';
    let adapter: MarketplaceAdapter;

    beforeAll(async () => {
      baseUrl = await server.start();
      adapter = suite.createAdapter(baseUrl);
    });
    afterAll(() => server.close());

    it('parses its own product URL to a canonical reference, and refuses other URLs', () => {
      expect(referenceProblems(adapter, baseUrl, suite.listingPath)).toEqual([]);
    });

    it('declares its removal rules, each with its provenance and what it reads, its own not-found answer seen where kept', () => {
      expect(removalRuleProblems(adapter, suite)).toEqual([]);
    });

    it('brings at least one active case of its own', () => {
      expect(suite.cases.some((c) => c.expect.verdict === 'active')).toBe(true);
    });

    for (const testCase of allCases(suite)) {
      it(testCase.name, async () => {
        const observation = await checkCase(adapter, server, baseUrl, suite, testCase);
        expect(caseProblems(adapter, testCase, observation)).toEqual([]);
      });
    }
  });
}
