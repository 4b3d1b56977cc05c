import {
  createLazadaSellerSource,
  createShopeeSellerSource,
  createTiktokSellerSource,
  type SellerSource,
} from '@ocop-monitor/adapters';
import type { Config } from './config/schema.ts';

/** The open platforms the configuration names (`sellers.shopee`, `.lazada`, `.tiktok`), each a seller source. */
export function createSellerSources(
  sellers: Config['sellers'],
  /** Where buyers open each marketplace's items (its page adapter's base address), when not the live site. */
  itemPages: { shopee?: string | undefined } = {},
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
            ...optional({ authBaseUrl: lazada.authBaseUrl }),
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
            ...optional({ baseUrl: tiktok.baseUrl, authBaseUrl: tiktok.authBaseUrl, servicesUrl: tiktok.servicesUrl }),
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
