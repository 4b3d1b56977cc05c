export { type CapturedPage, capturedRoutes } from './captured-pages.ts';
export { type ConformanceCase, type ConformanceSuite, describeAdapterConformance } from './conformance.ts';
export { type FixtureResponse, type FixtureRoutes, FixtureServer } from './fixture-server.ts';
export { oneAnswerClient } from './one-answer-client.ts';
export { type ConformanceResult, runConformance } from './run-conformance.ts';
export {
  describeSellerSourceConformance,
  type SellerConformanceCase,
  type SellerConformanceSuite,
} from './seller-conformance.ts';
