/** The simulated province: what the marketplaces show is derived from this, and only this. */

export type MarketplaceKind = 'voso' | 'postmart' | 'floor' | 'tiki';
export const MARKETPLACE_KINDS: readonly MarketplaceKind[] = ['voso', 'postmart', 'floor', 'tiki'];

export type ProducerType = 'firm' | 'cooperative' | 'cooperative_group' | 'household';

export interface Commune {
  /** Commune code of the 2025 code table (after the 1 July 2025 merger). */
  code: string;
  name: string;
}

export interface Producer {
  id: string;
  name: string;
  type: ProducerType;
  taxCode: string | null;
  contactPerson: string;
  phone: string;
  email: string | null;
  communeCode: string;
}

export interface Product {
  id: string;
  nationalId: string;
  localCode: string;
  name: string;
  group: string;
  stars: 3 | 4 | 5;
  producerId: string;
  decisionNumber: string;
  decisionDate: string;
  issuingAuthority: string;
  certificateNumber: string | null;
  certifiedDate: string;
  expiryDate: string;
  communeCode: string;
}

/** `other_seller`: a Tiki offer gone, the product page showing another seller's offer instead. */
export type RemovalMode = 'http404' | 'state' | 'message' | 'redirect_home' | 'other_seller';
export type RemovalReason = 'no_transactions' | 'policy' | 'seller';

export interface Listing {
  marketplace: MarketplaceKind;
  itemId: string;
  shopId: string;
  shopName: string;
  slug: string;
  productId: string;
  title: string;
  /** Store the title decomposed (NFD), as some sellers' tools do. */
  decomposedTitle: boolean;
  price: number;
  listPrice: number | null;
  listedOnDay: number;
  /** Mean sales a day; 0 for listings that never sell. */
  salesRate: number;
  /** Day from which the listing stops selling, if it does. */
  stopsSellingOnDay: number | null;
  sold: number;
  lastSaleDay: number | null;
  inStock: boolean;
  /** First day of the current out-of-stock spell (null while in stock). */
  outOfStockSinceDay: number | null;
  removedOnDay: number | null;
  removalReason: RemovalReason | null;
  removalMode: RemovalMode | null;
  /** Whether the province knows this listing (it is in the exported registry). */
  knownToProvince: boolean;
}

export interface World {
  seed: number;
  provinceCode: string;
  provinceName: string;
  /** Calendar date of day 0 (Asia/Ho_Chi_Minh). */
  startDate: string;
  day: number;
  communes: Commune[];
  producers: Producer[];
  products: Product[];
  listings: Listing[];
}
