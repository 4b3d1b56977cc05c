import {
  type LazadaWorld,
  type SellerMarketplace,
  type ShopeeWorld,
  startLazadaWorld,
  startShopeeWorld,
  startTiktokWorld,
  type TiktokWorld,
  type World,
} from '@ocop-monitor/sandbox';
import type { Config } from '../config/schema.ts';

/** One marketplace's open platform in the demo: its shops, its configuration and its consent page. */
export interface DemoPlatform {
  marketplace: SellerMarketplace;
  world: ShopeeWorld | LazadaWorld | TiktokWorld;
  /** Whether the invitation names the shop (the listing's address does on Shopee only). */
  invitesShop: boolean;
  /** Where the platform sends the producer back: the demo reads the address, nobody opens it. */
  callbackUrl: string;
  configure(config: Config): Config;
  /** The producer on the platform's page presses "Đồng ý" for their shop: the callback's fields. */
  agree(authorisationUrl: string, shopId: string): Promise<{ state: string; code: string; shopId?: string }>;
}

// The sandbox platforms' applications: a key or secret is only a secret on a live platform.
const SHOPEE = { partnerId: 2_003_030, partnerKey: 'sandbox-shopee-partner-key-ocop' };
const LAZADA = { appKey: '131313', appSecret: 'sandbox-lazada-app-secret-ocop' };
const TIKTOK = { appKey: '6demoocop', appSecret: 'sandbox-tiktok-app-secret-ocop', serviceId: '7300000000000000001' };
const callback = (marketplace: string) => `http://127.0.0.1/ket-noi-san/${marketplace}/callback`;

/** Follows the platform page's consent link for the shop to the platform's redirect back. */
async function pressAgree(authorisationUrl: string, shopId: string) {
  const page = await fetch(authorisationUrl);
  const html = await page.text();
  const link = new RegExp(`href="([^"]*(?:shop_id|seller_id)=${shopId}&amp;[^"]*)"`, 'u').exec(html)?.[1];
  if (!page.ok || !link) throw new Error(`the sandbox's authorisation page offers no link for shop ${shopId}`);
  const agreed = await fetch(new URL(link.replaceAll('&amp;', '&'), authorisationUrl), { redirect: 'manual' });
  const location = agreed.headers.get('location');
  if (agreed.status !== 302 || !location) throw new Error(`the sandbox's consent answered ${agreed.status}`);
  const back = new URL(location);
  const named = back.searchParams.get('shop_id');
  return {
    state: back.searchParams.get('state') ?? '',
    code: back.searchParams.get('code') ?? '',
    ...(named ? { shopId: named } : {}),
  };
}

/**
 * Shopee, Lazada and TikTok Shop over the world's producers, each on its own port: buyer pages
 * answer as those marketplaces do to plain HTTP (blocked), the open platforms from the seller's record.
 */
export async function startDemoPlatforms(world: World, seed: number, now: () => Date): Promise<DemoPlatform[]> {
  const shopee = await startShopeeWorld(world, { seed, ...SHOPEE, now });
  const lazada = await startLazadaWorld(world, { seed, ...LAZADA, callbackUrl: callback('lazada'), now });
  const tiktok = await startTiktokWorld(world, { seed, ...TIKTOK, redirectUrl: callback('tiktok'), now });
  // No pause between a shop's calls: local simulators, paced per second by the platforms themselves.
  return [
    {
      marketplace: 'shopee',
      world: shopee,
      invitesShop: true,
      callbackUrl: callback('shopee'),
      agree: pressAgree,
      configure: (config) => ({
        ...config,
        marketplaces: { ...config.marketplaces, shopee: { enabled: true, baseUrl: shopee.platform.url } },
        sellers: { ...config.sellers, shopee: { ...SHOPEE, baseUrl: shopee.platform.url, minIntervalMs: 0 } },
      }),
    },
    {
      marketplace: 'lazada',
      world: lazada,
      invitesShop: false,
      callbackUrl: callback('lazada'),
      agree: pressAgree,
      configure: (config) => ({
        ...config,
        marketplaces: { ...config.marketplaces, lazada: { enabled: true, baseUrl: lazada.platform.url } },
        sellers: {
          ...config.sellers,
          lazada: { ...LAZADA, baseUrl: lazada.platform.apiUrl, authBaseUrl: lazada.platform.url, minIntervalMs: 0 },
        },
      }),
    },
    {
      marketplace: 'tiktok',
      world: tiktok,
      invitesShop: false,
      callbackUrl: callback('tiktok'),
      agree: pressAgree,
      configure: (config) => {
        const url = tiktok.platform.url;
        return {
          ...config,
          marketplaces: { ...config.marketplaces, tiktok: { enabled: true, baseUrl: url } },
          sellers: {
            ...config.sellers,
            tiktok: { ...TIKTOK, baseUrl: url, authBaseUrl: url, servicesUrl: url, minIntervalMs: 0 },
          },
        };
      },
    },
  ];
}
