export {
  SellerAuthError,
  type SellerItemRef,
  type SellerProblem,
  type SellerShopItem,
  type SellerSource,
  type SellerTokens,
} from './contract.ts';
export { SHOPEE_ITEM_STATUSES } from './shopee/answers.ts';
export { shopeeSignature } from './shopee/sign.ts';
export { createShopeeSellerSource, type ShopeeSellerOptions } from './shopee/source.ts';
