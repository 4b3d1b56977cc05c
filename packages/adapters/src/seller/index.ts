export {
  SellerAuthError,
  type SellerItemRef,
  type SellerProblem,
  type SellerShopItem,
  type SellerSource,
  type SellerTokens,
} from './contract.ts';
export { LAZADA_ITEM_STATUSES } from './lazada/answers.ts';
export { lazadaSignature } from './lazada/sign.ts';
export { createLazadaSellerSource, type LazadaSellerOptions } from './lazada/source.ts';
export { SHOPEE_ITEM_STATUSES } from './shopee/answers.ts';
export { shopeeSignature } from './shopee/sign.ts';
export { createShopeeSellerSource, type ShopeeSellerOptions } from './shopee/source.ts';
export { TIKTOK_PRODUCT_STATUSES } from './tiktok/answers.ts';
export { tiktokSignature } from './tiktok/sign.ts';
export { createTiktokSellerSource, type TiktokSellerOptions } from './tiktok/source.ts';
