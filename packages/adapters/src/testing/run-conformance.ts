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

export interface ConformanceResult {
  name: string;
  passed: boolean;
  /** What fell short, each in a sentence; empty when the case passed. */
  problems: string[];
}

/**
 * The conformance suite outside a test runner, as `ocop-monitor doctor --suggest-layout` runs it on
 * a proposed layout: the same cases and judgements as `describeAdapterConformance`, as results.
 */
export async function runConformance(suite: ConformanceSuite): Promise<ConformanceResult[]> {
  const server = new FixtureServer();
  try {
    const baseUrl = await server.start();
    const adapter: MarketplaceAdapter = suite.createAdapter(baseUrl);
    const result = (name: string, problems: string[]) => ({ name, passed: problems.length === 0, problems });
    const results = [
      result('product addresses', referenceProblems(adapter, baseUrl, suite.listingPath)),
      result('removal rules declared', removalRuleProblems(adapter, suite)),
      result(
        'an active case of its own',
        suite.cases.some((c) => c.expect.verdict === 'active') ? [] : ['no case reads a listing on sale'],
      ),
    ];
    for (const testCase of allCases(suite)) {
      try {
        const observation = await checkCase(adapter, server, baseUrl, suite, testCase);
        results.push(result(testCase.name, caseProblems(adapter, testCase, observation)));
      } catch (error) {
        results.push(result(testCase.name, [(error as Error).message]));
      }
    }
    return results;
  } finally {
    await server.close();
  }
}
