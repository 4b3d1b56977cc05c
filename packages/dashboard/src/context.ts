import type { HttpClient, MarketplaceAdapter, SellerSource } from '@ocop-monitor/adapters';
import type {
  AfterAlertsHook,
  Database,
  OpenDataSettings,
  ReportHeader,
  TableLimits,
  Words,
} from '@ocop-monitor/monitor';
import type { Queue } from 'bullmq';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Role } from './accounts.ts';
import type { Raw } from './html.ts';
import type { CheckNowOffer } from './listing-check.ts';

export interface DashboardDeps {
  db: Database;
  freshnessHours: number;
  /** Limits of an uploaded registry file (the configuration's `import`); the importer's defaults otherwise. */
  importLimits?: TableLimits | undefined;
  /** `monitor.confirmAfterHours`: the state machine's delay, for a reviewer accepting held removals. */
  confirmAfterHours: number;
  countedMarketplaces: readonly string[];
  /** For uploaded listing files: which marketplaces a URL may belong to. Without it only the registry imports. */
  adapters?: readonly MarketplaceAdapter[] | undefined;
  /** How long a second upload waits for the one being imported before a 503 (10 s without it). */
  uploadWaitMs?: number | undefined;
  /** The BullMQ queues, for the queue dashboard; absent when the system runs without Redis. */
  queues?: readonly Queue[] | undefined;
  /** Who sends the report upward (config `report`); "Sở Công Thương" without it. */
  reportHeader?: ReportHeader | undefined;
  /** Open data published without login under /open-data/ (config `openData`, when enabled). */
  openData?: OpenDataSettings | undefined;
  /** The language producers' messages are written in (`notify.locale`), for the preview a reviewer reads. */
  messageLocale?: 'vi' | 'en' | undefined;
  /** `notify.sms.unicode`: SMS go out with diacritics (else folded), for the preview. */
  smsUnicode?: boolean | undefined;
  /** The notification outbox, written in a review's transaction. */
  afterAlerts?: AfterAlertsHook | undefined;
  /** After a review: deliver what it released. */
  afterReview?: (() => Promise<unknown>) | undefined;
  /**
   * The reverse proxy's address(es) (`OCOP_TRUST_PROXY`, e.g. "127.0.0.1"): its X-Forwarded-For is
   * believed, so each browser is its own address for the login limits. Unset: no header is believed.
   */
  trustProxy?: string | undefined;
  /**
   * The marketplaces' open platforms (config `sellers`): staff send a producer a consent link from
   * the product page, the producer authorises on the marketplace. Absent: no consent pages at all.
   */
  sellers?: SellerConsentDeps | undefined;
  /** Cookies only over HTTPS (on unless served on localhost for a demo). */
  secureCookies?: boolean;
  /**
   * "Kiểm tra lại ngay": checks one listing now (through the queue under `start`, in this process
   * otherwise). Without it the button is not offered.
   */
  checkListingNow?:
    | ((listingId: number) => Promise<'checked' | 'unclear' | 'queued' | 'not-started' | 'no-listing'>)
    | undefined;
  /** When the scheduled daily checks next run (`queue.dailyHour` in Vietnam time), shown beside the button. */
  nextCheckAt?: ((now: Date) => Date) | undefined;
  now?: () => Date;
}

export interface SellerConsentDeps {
  sources: readonly SellerSource[];
  /** Seals the shops' tokens (OCOP_SELLER_TOKEN_KEY). */
  key: Buffer;
  /** The dashboard's public address (`sellers.publicUrl`): producers' links and the callback are built on it. */
  publicUrl: string;
  /** The channels a link can go out on (configured, with a ZNS template `seller_consent` for Zalo). */
  channels: ReadonlyArray<'zns' | 'sms' | 'email'>;
  /**
   * The polite client the platforms are called through: with it, a shop's listings are bound to it
   * as soon as the producer authorises (else at the next daily run).
   */
  http?: HttpClient | undefined;
}

/** What every group of routes shares: the dependencies and one way to answer, refuse and guard. */
export interface RouteContext {
  deps: DashboardDeps;
  now: () => Date;
  render(reply: FastifyReply, request: FastifyRequest, title: string, body: Raw): FastifyReply;
  deny(request: FastifyRequest, reply: FastifyReply, status: number, message: string): FastifyReply;
  /** A marketplace's display name (a provincial floor's from its config). */
  marketplace(id: string | null): string;
  /** A pre-handler letting only these roles through (403 otherwise, with the refusal in the person's language). */
  only(roles: readonly Role[], refusal: Words): preHandlerAsyncHookHandler;
  /** "Kiểm tra lại ngay" for this person: staff, when the service can check; null otherwise. */
  checkNowOffer(request: FastifyRequest, alertId?: number): CheckNowOffer | null;
}
