import { adapterHosts, createAdapters, type MarketplaceAdapter, PoliteHttpClient } from '@ocop-monitor/adapters';
import { type Logger, pino } from 'pino';
import type { Config } from './config/schema.ts';
import { createNotifier, type Notifier } from './notifier.ts';

/** The effects every command shares, created once at the composition root. */
export interface Runtime {
  config: Config;
  adapters: MarketplaceAdapter[];
  http: PoliteHttpClient;
  logger: Logger;
  notifier: Notifier;
  close(): Promise<void>;
}

export function createRuntime(config: Config): Runtime {
  // Logs go to stderr so that `--json` output on stdout stays machine-readable.
  const logger = pino({ level: config.log.level, base: { app: 'ocop-monitor' } }, pino.destination(2));
  const adapters = createAdapters(config.marketplaces);
  const http = new PoliteHttpClient({ ...config.http, allowedHosts: adapterHosts(adapters) });
  const notifier = createNotifier(config.notify);
  return {
    config,
    adapters,
    http,
    logger,
    notifier,
    close: async () => {
      await http.close();
      await notifier.close();
    },
  };
}
