import {
  createLazadaSellerSource,
  createShopeeSellerSource,
  createTiktokSellerSource,
  type HttpClient,
  type Logger,
  type SellerSource,
} from '@ocop-monitor/adapters';
import { type Database, proposeConsentingShopItems, sellerTokenKey } from '@ocop-monitor/monitor';
import type { Config } from './config/schema.ts';

/** The open platforms the configuration names (`sellers.shopee`, `.lazada`, `.tiktok`), each a seller source. */
export function createSellerSources(
  sellers: Config['sellers'],
  /** Where buyers open each marketplace's items (its page adapter's base address), when not the live site. */
  itemPages: { shopee?: string | undefined; lazada?: string | undefined; tiktok?: string | undefined } = {},
): SellerSource[] {
  const { shopee, lazada, tiktok } = sellers;
  const optional = <T extends object>(value: T) =>
    Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
      [K in keyof T]: Exclude<T[K], undefined>;
    };
  return [
    ...(shopee
      ? [
          createShopeeSellerSource({
            partnerId: shopee.partnerId,
            partnerKey: shopee.partnerKey,
            minIntervalMs: shopee.minIntervalMs,
            ...optional({ baseUrl: shopee.baseUrl, itemPageBaseUrl: itemPages.shopee }),
          }),
        ]
      : []),
    ...(lazada
      ? [
          createLazadaSellerSource({
            appKey: lazada.appKey,
            appSecret: lazada.appSecret,
            baseUrl: lazada.baseUrl,
            minIntervalMs: lazada.minIntervalMs,
            ...optional({ authBaseUrl: lazada.authBaseUrl, itemPageBaseUrl: itemPages.lazada }),
          }),
        ]
      : []),
    ...(tiktok
      ? [
          createTiktokSellerSource({
            appKey: tiktok.appKey,
            appSecret: tiktok.appSecret,
            serviceId: tiktok.serviceId,
            minIntervalMs: tiktok.minIntervalMs,
            ...optional({
              baseUrl: tiktok.baseUrl,
              authBaseUrl: tiktok.authBaseUrl,
              servicesUrl: tiktok.servicesUrl,
              itemPageBaseUrl: itemPages.tiktok,
            }),
          }),
        ]
      : []),
  ];
}

/** The sources' secrets, kept out of every log line. */
export const sellerSecrets = (sellers: Config['sellers']): string[] =>
  [sellers.shopee?.partnerKey, sellers.lazada?.appSecret, sellers.tiktok?.appSecret, sellers.tokenKey].filter(
    (secret): secret is string => Boolean(secret),
  );

/**
 * Before a daily run fans out its checks, each consenting shop's own item list is read once: the
 * listings without a shop id whose item is in it get the shop's id (Lazada, TikTok Shop), so that
 * they are read from the seller's record, and its items on sale that no listing links yet are
 * matched to the registry and proposed to a person on the desk — never linked here. A platform that
 * does not answer binds and proposes nothing today. The number of new proposals.
 */
export async function readConsentingShops(
  runtime: { config: Config; sellerSources: readonly SellerSource[]; http: HttpClient; logger: Logger },
  db: Database,
  now: Date,
): Promise<number> {
  const { tokenKey } = runtime.config.sellers;
  if (!tokenKey) return 0;
  const key = sellerTokenKey(tokenKey);
  let proposed = 0;
  for (const source of runtime.sellerSources) {
    try {
      const summary = await proposeConsentingShopItems(db, {
        source,
        key,
        http: runtime.http,
        now,
        minScore: runtime.config.discovery.minScore,
        logger: runtime.logger,
      });
      proposed += summary.proposed;
      if (summary.shops > 0 || summary.failed > 0)
        runtime.logger.debug({ marketplace: source.marketplace, ...summary }, 'consenting shops read: items proposed');
    } catch (error) {
      runtime.logger.warn(
        { marketplace: source.marketplace, err: (error as Error).message },
        'consenting shops not read',
      );
    }
  }
  return proposed;
}
