export type { Trick } from './adversarial.ts';
export {
  FAULT_PROFILES,
  type FaultProfile,
  type FaultProfileName,
  type FaultsOption,
  faultProfileSchema,
} from './faults.ts';
export type { NationalChange, NationalChangeKind, NationalRecord } from './national-registry.ts';
export {
  type LazadaOpenPlatform,
  type LazadaOpenPlatformOptions,
  type SimulatedLazadaItem,
  type SimulatedLazadaSku,
  startLazadaOpenPlatform,
} from './open-platforms/lazada.ts';
export { type LazadaWorld, type LazadaWorldOptions, startLazadaWorld } from './open-platforms/lazada-world.ts';
export type { SellerShops } from './open-platforms/seller-world.ts';
export {
  type ShopeeOpenPlatform,
  type ShopeeOpenPlatformOptions,
  type SimulatedShopeeItem,
  startShopeeOpenPlatform,
} from './open-platforms/shopee.ts';
export { type ShopeeWorld, type ShopeeWorldOptions, startShopeeWorld } from './open-platforms/shopee-world.ts';
export {
  type SimulatedTiktokProduct,
  startTiktokOpenPlatform,
  type TiktokOpenPlatform,
  type TiktokOpenPlatformOptions,
} from './open-platforms/tiktok.ts';
export { startTiktokWorld, type TiktokWorld, type TiktokWorldOptions } from './open-platforms/tiktok-world.ts';
export { type SandboxOptions, sandboxOptionsSchema } from './options.ts';
export { type ProviderSimulators, SANDBOX_PROVIDER_CREDENTIALS, startProviderSimulators } from './providers/index.ts';
export { LISTING_COLUMNS, listingRows, PRODUCT_COLUMNS, productRows, toCsv, toXlsx } from './registry-export.ts';
export { SANDBOX_NOT_FOUND_PAGES, type Sandbox, startSandbox } from './sandbox.ts';
export type { ListingTruth, Truth } from './truth.ts';
export type { SellerItemState, SellerMarketplace, SimulatedShop, SimulatedShopItem } from './world/seller-shops.ts';
export type { Listing, MarketplaceKind, Producer, Product, World } from './world/types.ts';
