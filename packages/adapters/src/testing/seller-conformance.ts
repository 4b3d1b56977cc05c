import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SellerSource } from '../seller/contract.ts';
import { FixtureServer } from './fixture-server.ts';
import {
  readSellerCase,
  type SellerConformanceSuite,
  sellerCaseProblems,
  sellerCases,
} from './seller-conformance-cases.ts';

export type { SellerConformanceCase, SellerConformanceSuite } from './seller-conformance-cases.ts';

/**
 * The seller-source conformance suite: run it from a vitest file with the source's factory and its
 * platform's answers. Every reading goes over real HTTP to a local server.
 */
export function describeSellerSourceConformance(suite: SellerConformanceSuite): void {
  describe(`${suite.name} seller source conformance`, () => {
    const server = new FixtureServer();
    let source: SellerSource;

    beforeAll(async () => {
      source = suite.createSource(await server.start());
    });
    afterAll(() => server.close());

    for (const testCase of sellerCases(suite)) {
      it(testCase.name, async () => {
        expect(sellerCaseProblems(testCase, await readSellerCase(source, server, suite, testCase))).toEqual([]);
      });
    }
  });
}
