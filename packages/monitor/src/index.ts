export { lastOnSale, latestReading, type OnSaleReading } from './alerts/last-on-sale.ts';
export type { AlertFilter } from './alerts/list-alerts.ts';
export { listAlerts } from './alerts/list-alerts.ts';
export {
  QUEUE_VIEW_NAMES,
  QUEUE_VIEWS,
  type QueueViewName,
  queueViewCounts,
} from './alerts/queue-views.ts';
export { reconcileAlerts } from './alerts/reconcile.ts';
export { alertHistory, type ReviewAction, ReviewError, type ReviewRefusal, reviewAlert } from './alerts/review.ts';
export {
  DEFAULT_PAGE_SIZE,
  type ProducerContact,
  type QueuedAlert,
  type ReviewQueueFilter,
  registryCommunes,
  reviewQueue,
} from './alerts/review-queue.ts';
export { type MonitorConfig, monitorConfigSchema } from './config.ts';
export {
  type CoverageGroup,
  type CoverageOptions,
  type CoverageReport,
  computeCoverage,
} from './coverage/compute-coverage.ts';
export { createCoverageCache } from './coverage/coverage-cache.ts';
export { type DiscoveryOptions, type DiscoverySummary, discoverListings } from './discovery/discover-listings.ts';
export { acceptProposal, listProposals, ProposalError, rejectProposal } from './discovery/proposals.ts';
export { type CandidateReasons, netQuantity, scoreCandidate } from './discovery/score-candidate.ts';
export { COVERAGE_BREAKDOWNS, coverageCsv, coverageXlsx } from './exports/coverage-export.ts';
export {
  headerLines,
  NATIONAL_MOTTO,
  type OfficialReport,
  officialReport,
  periodLabel,
  REPORT_TITLE,
  type ReportHeader,
  recipientLines,
} from './exports/official-report.ts';
export {
  OPEN_DATA_TITLE,
  type OpenDataSettings,
  openDataAddresses,
  openDataCatalogTurtle,
  openDataDay,
  openDataDays,
  openDataDictionaryCsv,
} from './exports/open-data.ts';
export { turtleToJsonLd } from './exports/open-data-jsonld.ts';
export { OPEN_DATA_DICTIONARY, openDataCsv, openDataJson, provincialReportXlsx } from './exports/provincial-report.ts';
export { reportDocx } from './exports/report-docx.ts';
export {
  type ReportNotes,
  readReportNotes,
  reportNotesSchema,
  reportPeriodSchema,
  saveReportNotes,
} from './exports/report-notes.ts';
export { coverageForPeriod, reportPeriods } from './exports/report-period.ts';
export { spreadsheetSafe } from './exports/spreadsheet-cell.ts';
export { type ListingState, nextListingState } from './listings/listing-state.ts';
export { findProducts, type ProductSummary } from './products/find-products.ts';
export {
  type ListingCheck,
  type ProductDetail,
  type ProductListing,
  productDetail,
  type VerdictSpan,
  verdictSpans,
} from './products/product-detail.ts';
export { importListings } from './registry/import-listings.ts';
export { importProducts } from './registry/import-products.ts';
export { formatProblem, type ImportProblem, type ImportReport } from './registry/import-report.ts';
export { type NationalSourceOptions, nationalRegistrySource } from './registry/sync/national-source.ts';
export type { RegistryRead, RegistryRecord, RegistrySource } from './registry/sync/registry-source.ts';
export {
  type RegistryEvent,
  type RegistryEventKind,
  type RegistrySyncSummary,
  syncRegistry,
} from './registry/sync/sync-registry.ts';
export { DEFAULT_TABLE_LIMITS, type TableLimits, tableLimitsSchema } from './registry/table-limits.ts';
export { LISTING_FIELDS, PRODUCT_FIELDS } from './registry/template.ts';
export { ALERT_QUEUE_STATES, ALERT_TYPES, type AlertType, type RuleOutcome } from './rules/types.ts';
export {
  type ControlToCheck,
  checkControl,
  controlsToCheck,
  negativeControlsToCheck,
  recordControl,
} from './runs/check-controls.ts';
export { type ListingToCheck, observeListing } from './runs/check-listing.ts';
export { checkShop, observationFromCard, type ShopCheck, type ShopRead, type ShopToCheck } from './runs/check-shop.ts';
export { type AfterAlertsHook, finalizeRun, type RunSummary } from './runs/finalize-run.ts';
export { healthHistory, type RunHealth } from './runs/health-history.ts';
export type { MassDelistingJudgement } from './runs/mass-delisting.ts';
export { findRun, openRun, type Run } from './runs/open-run.ts';
export { type CheckPlan, planChecks } from './runs/plan-checks.ts';
export { DurableObservationWriter, ObservationRecorder } from './runs/record-observation.ts';
export { type DailyRunInput, listingsToCheck, runDaily } from './runs/run-daily.ts';
export { type RunObservation, runObservations } from './runs/run-observations.ts';
export { type RunProgress, runProgress } from './runs/run-progress.ts';
export {
  LARGE_SHOP,
  type RequestShare,
  type RunRequests,
  recordShopReads,
  requestShare,
  runRequests,
} from './runs/shop-reads.ts';
export { type ChangedAlert, type CoverageMove, type WhatChanged, whatChanged } from './runs/what-changed.ts';
export {
  bindConsentingShopListings,
  bindShopListings,
  type ShopBinding,
} from './sellers/bind-shop-listings.ts';
export {
  type ConsentMessage,
  type ConsentStanding,
  type ConsentTarget,
  type ConsentView,
  consentById,
  consentForInvite,
  consentMessages,
  consentsOfShops,
  consentTarget,
  type EndedConsent,
  endedConsentsSince,
} from './sellers/consent-views.ts';
export {
  beginSellerAuthorisation,
  ConsentError,
  completeSellerAuthorisation,
  endSellerConsent,
  INVITE_VALID_DAYS,
  inviteSellerConsent,
  sellerTokensFor,
  UNBOUND_SHOP,
} from './sellers/consents.ts';
export { proposeConsentingShopItems, type ShopItemProposals } from './sellers/propose-shop-items.ts';
export { type SellerFigures, sellerFigures } from './sellers/seller-figures.ts';
export { sellerFirstAdapter, shopeeShopOf } from './sellers/seller-first-adapter.ts';
export { openTokens, sealTokens, sellerTokenKey } from './sellers/token-vault.ts';
export { BackupError, backupStore, restoreStore } from './store/backup.ts';
export { errorText, isConnectionLost, isStoreError, redactSecrets } from './store/error-text.ts';
export {
  type Database,
  openStore,
  type Store,
  StoreOpenError,
  type StoreOptions,
  StoreVersionError,
} from './store/open-store.ts';
export {
  awaitOwner,
  OWNER_LOOKS_EVERY_MS,
  type OwnerRequest,
  type OwnerRequestKind,
  ownerTakes,
  requestOfOwner,
  takeOwnerRequests,
} from './store/owner-requests.ts';
export { queryRows } from './store/query-rows.ts';
export { StoreLockedError } from './store/store-lock.ts';
export { writeStoreTemplate } from './store/store-template.ts';
export { vietnamDay } from './vietnam-day.ts';
export { type AlertToDescribe, alertFinding, removalOf } from './words/alert-finding.ts';
export { CONSENT_END_WORDS, consentInWords } from './words/consent-words.ts';
export {
  ADVICE_WORDS,
  alertKindInWords,
  type Decision,
  decisionLabel,
  decisionsFor,
  QUEUE_VIEW_WORDS,
  REVIEW_REFUSAL_WORDS,
} from './words/decision-words.ts';
export { eventNoteInWords } from './words/event-note-words.ts';
export { healthInWords } from './words/health-words.ts';
export { productCode } from './words/product-code.ts';
export { ruleInWords } from './words/rule-words.ts';
export { countsInWords, runSummaryInWords } from './words/run-summary-words.ts';
export {
  formatDate,
  formatDateLine,
  formatDateTime,
  formatMonthYear,
  formatNumber,
  formatPercent,
  formatTime,
  formatVnd,
} from './words/vietnamese-format.ts';
export { whyItCounts } from './words/why-it-counts.ts';
export {
  ALERT_ACTION_WORDS,
  ALERT_STATE_WORDS,
  ALERT_TYPE_WORDS,
  CHANNEL_WORDS,
  type Lang,
  LISTING_STATE_WORDS,
  listingsInWords,
  marketplaceName,
  OUTBOX_STATE_WORDS,
  PRODUCT_STATUS_WORDS,
  PROPOSAL_STATE_WORDS,
  PROVENANCE_WORDS,
  REASON_WORDS,
  REGISTRY_CHANGE_WORDS,
  SEVERITY_WORDS,
  STOCK_WORDS,
  say,
  VERDICT_WORDS,
  type Words,
} from './words/words.ts';
