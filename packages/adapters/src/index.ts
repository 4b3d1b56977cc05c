export { type BuyerPageMarketplace, createBuyerPageAdapter } from './buyer-pages/adapters.ts';
export {
  type CalibrationPage,
  calibrationControlUrl,
  checkFloorLayout,
  type FloorLayoutSuggestion,
  type RemovalShown,
  suggestFloorLayout,
} from './calibrate/index.ts';
export { detectChallenge } from './challenge.ts';
export { checkPage, notFoundRule, type PageCheck, type PageReading } from './check-page.ts';
export {
  type AdapterCapabilities,
  type AdapterContext,
  type ListingCard,
  type ListingField,
  type ListingRef,
  type Logger,
  listingRefSchema,
  type MarketplaceAdapter,
  type RemovalRule,
  type ShopRef,
  shopRefSchema,
} from './contract.ts';
export { OcopError, type OcopErrorCode } from './errors.ts';
export { createHtmlListingAdapter, type HtmlAdapterSpec } from './html-listing/create-html-adapter.ts';
export { type HtmlListingLayout, type HtmlListingLayoutInput, htmlListingLayoutSchema } from './html-listing/layout.ts';
export * from './http/index.ts';
export {
  type AnswerToFingerprint,
  describeAnswer,
  fingerprintOf,
  type NotFoundAnswer,
  notFoundAnswerSchema,
  parseAnswer,
  sameAnswer,
} from './not-found/fingerprint.ts';
export { type LearnedNotFoundAnswer, learnNotFoundAnswer } from './not-found/learn.ts';
export { answerSays } from './not-found/says.ts';
export {
  type ActiveObservation,
  type DelistedReason,
  delistedReasonSchema,
  type Evidence,
  evidenceSchema,
  type ListingData,
  listingDataSchema,
  type Observation,
  observationSchema,
  type Provenance,
  provenanceSchema,
  type Stock,
  stockSchema,
  type UnknownReason,
  unknownReasonSchema,
  type Verdict,
  verdictSchema,
} from './observation.ts';
export { createPostmartAdapter } from './postmart/adapter.ts';
export { type PostmartOptions, postmartOptionsSchema } from './postmart/options.ts';
export { createProvincialFloorAdapter } from './provincial-floor/adapter.ts';
export { type ProvincialFloorOptions, provincialFloorOptionsSchema } from './provincial-floor/options.ts';
export {
  adapterHosts,
  createAdapters,
  type MarketplacesConfig,
  marketplacesConfigSchema,
  resolveListingUrl,
} from './registry.ts';
export * from './seller/index.ts';
export * from './text/index.ts';
export { createTikiAdapter } from './tiki/adapter.ts';
export { type TikiOptions, tikiOptionsSchema } from './tiki/options.ts';
export { createVosoAdapter } from './voso/adapter.ts';
export { type VosoOptions, vosoOptionsSchema } from './voso/options.ts';
