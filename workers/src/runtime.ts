import {
  adapterHosts,
  createAdapters,
  type MarketplaceAdapter,
  PoliteHttpClient,
  type SellerSource,
} from '@ocop-monitor/adapters';
import {
  type Database,
  errorText,
  redactSecrets,
  sellerFirstAdapter,
  sellerTokenKey,
  sellerTokensFor,
  shopeeShopOf,
} from '@ocop-monitor/monitor';
import { notifySecrets } from '@ocop-monitor/notify';
import { type Logger, pino } from 'pino';
import type { Config } from './config/schema.ts';
import { createNotifier, type Notifier } from './notifier.ts';
import { createSellerSources, sellerSecrets } from './seller-sources.ts';

/** The effects every command shares, created once at the composition root. */
export interface Runtime {
  config: Config;
  adapters: MarketplaceAdapter[];
  /** The marketplaces' open platforms configured (`sellers`), read with each shop's consent. */
  sellerSources: SellerSource[];
  /**
   * The adapters a run checks with, for a store: a consenting shop's listings read from the seller's
   * own record, every other listing from its page. The same as `adapters` with no seller source.
   */
  checkingAdapters(db: Database): MarketplaceAdapter[];
  http: PoliteHttpClient;
  logger: Logger;
  notifier: Notifier;
  close(): Promise<void>;
}

/**
 * Fields that hold secrets wherever they appear in a log object: pino writes `[redacted]` instead.
 * Errors are logged as their safe text (a failed store query's parameters never reach a log line).
 */
const REDACTED_PATHS = [
  '*.password',
  '*.pass',
  '*.secret',
  '*.secretKey',
  '*.refreshToken',
  '*.refresh_token',
  '*.accessToken',
  '*.access_token',
  '*.apiKey',
  'headers.authorization',
  'headers.cookie',
];

function createLogger(config: Config): Logger {
  const secrets = [...notifySecrets(config.notify), ...sellerSecrets(config.sellers)];
  const safe = (text: string) => redactSecrets(text, secrets);
  return pino(
    {
      level: config.log.level,
      base: { app: 'ocop-monitor' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: {
        err: (error: unknown) => ({
          type: error instanceof Error ? error.name : typeof error,
          message: safe(errorText(error, 1_000)),
          ...(typeof (error as { code?: unknown })?.code === 'string'
            ? { code: (error as { code: string }).code }
            : {}),
        }),
      },
      hooks: {
        // A message string built from an error or a provider's answer: configured secrets are blotted out.
        logMethod(args, method) {
          method.apply(
            this,
            args.map((arg) => (typeof arg === 'string' ? safe(arg) : arg)) as Parameters<typeof method>,
          );
        },
      },
    },
    // Logs go to stderr so that `--json` output on stdout stays machine-readable.
    pino.destination(2),
  );
}

export function createRuntime(config: Config): Runtime {
  const logger = createLogger(config);
  const adapters = createAdapters(config.marketplaces);
  // Listed items are addressed by the buyer pages the Shopee adapter reads (a proposal must resolve to one).
  const sellerSources = createSellerSources(config.sellers, {
    shopee: config.marketplaces.shopee.baseUrl,
    lazada: config.marketplaces.lazada?.baseUrl,
    tiktok: config.marketplaces.tiktok?.baseUrl,
  });
  const http = new PoliteHttpClient({
    ...config.http,
    allowedHosts: [...adapterHosts(adapters), ...sellerSources.flatMap((source) => source.hosts)],
  });
  const checkingAdapters = (db: Database) => {
    const key = config.sellers.tokenKey ? sellerTokenKey(config.sellers.tokenKey) : null;
    return adapters.map((adapter) => {
      const source = sellerSources.find((candidate) => candidate.marketplace === adapter.id);
      if (!source || !key) return adapter;
      return sellerFirstAdapter(adapter, {
        source,
        // Shopee's addresses name the shop; Lazada's and TikTok Shop's do not: the listing's shop id does.
        shopOf: adapter.id === 'shopee' ? shopeeShopOf : (ref) => ref.shopId,
        tokensFor: (shopId, now) => sellerTokensFor(db, { source, shopId, key, ...(now ? { now } : {}) }),
      });
    });
  };
  const notifier = createNotifier(config.notify, Object.fromEntries(adapters.map((a) => [a.id, a.displayName])));
  return {
    config,
    adapters,
    sellerSources,
    checkingAdapters,
    http,
    logger,
    notifier,
    close: async () => {
      await http.close();
      await notifier.close();
    },
  };
}
