import { describeSellerSourceConformance } from '../testing/seller-conformance.ts';
import { createLazadaSellerSource } from './lazada/source.ts';
import { createShopeeSellerSource } from './shopee/source.ts';
import { createTiktokSellerSource } from './tiktok/source.ts';

const json = (status: number, body: unknown) => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** Markup, a line break and 5 000 letters: what a broken platform (or a proxy) may put in its error words. */
const DIRTY = `error_auth <img src=x onerror=alert(1)>\nwhat=ever ${'y'.repeat(5_000)}`;

/** A removed item's answer with its success mark (`code`, `error`) replaced, or left out when undefined. */
const withMark = (answer: Record<string, unknown>, mark: string, value: unknown) => {
  const body: Record<string, unknown> = { ...answer };
  if (value === undefined) delete body[mark];
  else body[mark] = value;
  return json(200, body);
};

const shopeeRemoved = {
  error: '',
  message: '',
  response: { item_list: [{ item_id: 3, item_name: 'Nước mắm', item_status: 'SELLER_DELETE', price_info: [] }] },
};
const lazadaRemoved = {
  code: '0',
  data: { item_id: 3, status: 'Deleted', attributes: { name: 'Nước mắm' }, skus: [] },
};
const tiktokRemoved = {
  code: 0,
  message: 'Success',
  data: { id: '1729000000000001005', status: 'DELETED', title: 'Nước mắm', skus: [] },
};

describeSellerSourceConformance({
  name: 'Shopee Open Platform v2',
  createSource: (baseUrl) =>
    createShopeeSellerSource({
      partnerId: 2_001_234,
      partnerKey: 'conformance-partner-key',
      baseUrl,
      minIntervalMs: 0,
    }),
  ref: { marketplace: 'shopee', shopId: '50123', itemId: '3', url: 'https://shopee.vn/product/50123/3' },
  itemPath: '/api/v2/product/get_item_base_info',
  routes: {
    '/api/v2/product/get_item_extra_info': json(200, { error: '', response: { item_list: [{ item_id: 3, sale: 4 }] } }),
  },
  itemAnswer: (status) =>
    json(200, {
      error: '',
      message: '',
      response: {
        item_list: [
          {
            item_id: 3,
            item_name: 'Nước mắm Cửa Hội',
            item_status: status,
            price_info: [{ current_price: 90_000 }],
            stock_info_v2: { summary_info: { total_available_stock: 4 } },
          },
        ],
      },
    }),
  statuses: {
    onSale: 'NORMAL',
    removed: ['BANNED', 'SELLER_DELETE', 'SHOPEE_DELETE'],
    hidden: 'UNLIST',
    undecided: ['REVIEWING'],
  },
  errors: {
    expiredToken: json(403, { error: 'error_auth', message: 'Invalid access_token.' }),
    platformError: json(500, { error: 'error_server', message: 'Internal server error.' }),
    rateLimited: json(429, { error: 'error_too_many_request', message: 'Too many requests.' }),
  },
  dirtyError: json(200, { error: DIRTY, message: DIRTY }),
  malformed: [null, false, 0, []].map((error) => withMark(shopeeRemoved, 'error', error)),
  // Shopee answers an item of another shop by leaving it out of the list.
  notThisShop: json(200, { error: '', message: '', response: { item_list: [] } }),
});

describeSellerSourceConformance({
  name: 'Lazada Open Platform',
  createSource: (baseUrl) =>
    createLazadaSellerSource({
      appKey: '112233',
      appSecret: 'conformance-app-secret',
      baseUrl: `${baseUrl}/rest`,
      authBaseUrl: baseUrl,
      minIntervalMs: 0,
    }),
  ref: {
    marketplace: 'lazada',
    shopId: '200123456',
    itemId: '3',
    url: 'https://www.lazada.vn/products/nuoc-mam-i3-s300.html',
  },
  itemPath: '/rest/product/item/get',
  itemAnswer: (status) =>
    json(200, {
      code: '0',
      request_id: '0b1f2c3d',
      data: {
        item_id: 3,
        status,
        attributes: { name: 'Nước mắm Cửa Hội' },
        skus: [{ Status: 'active', quantity: 4, Available: 4, price: 90_000 }],
      },
    }),
  statuses: {
    onSale: 'Active',
    removed: ['Deleted', 'Suspended'],
    hidden: 'InActive',
    undecided: ['Pending QC', 'Rejected'],
  },
  // Lazada answers its errors with HTTP 200 and a code.
  errors: {
    expiredToken: json(200, {
      code: 'IllegalAccessToken',
      type: 'ISV',
      message: 'The specified access token is invalid or expired',
    }),
    platformError: json(200, { code: 'InternalError', type: 'ISP', message: 'The request processing has failed' }),
    rateLimited: json(200, { code: 'ApiCallLimit', type: 'ISP', message: 'The request has exceeded the limit' }),
  },
  dirtyError: json(200, { code: DIRTY, type: 'ISV', message: DIRTY }),
  malformed: [null, '', false, [], 0.5, undefined].map((code) => withMark(lazadaRemoved, 'code', code)),
  notThisShop: json(200, { code: '207', type: 'ISV', message: 'SKU not exist' }),
  notFound: json(200, { code: '208', type: 'ISV', message: 'E208: Item not exist' }),
});

describeSellerSourceConformance({
  name: 'TikTok Shop Partner API',
  createSource: (baseUrl) =>
    createTiktokSellerSource({
      appKey: '6abc123def',
      appSecret: 'conformance-app-secret',
      serviceId: '7172000000000070150',
      baseUrl,
      authBaseUrl: baseUrl,
      servicesUrl: baseUrl,
      minIntervalMs: 0,
    }),
  ref: {
    marketplace: 'tiktok',
    shopId: '7494105515082810525',
    itemId: '1729000000000001005',
    url: 'https://shop.tiktok.com/view/product/1729000000000001005?region=VN',
  },
  itemPath: '/product/202309/products/1729000000000001005',
  routes: {
    '/authorization/202309/shops': json(200, {
      code: 0,
      message: 'Success',
      data: { shops: [{ id: '7494105515082810525', cipher: 'GCP_conformance', region: 'VN' }] },
    }),
  },
  itemAnswer: (status) =>
    json(200, {
      code: 0,
      message: 'Success',
      data: {
        id: '1729000000000001005',
        status,
        title: 'Nước mắm Cửa Hội',
        skus: [{ price: { currency: 'VND', sale_price: '90000' }, inventory: [{ quantity: 4 }] }],
      },
    }),
  statuses: {
    onSale: 'ACTIVATE',
    removed: ['PLATFORM_DEACTIVATED', 'FREEZE', 'DELETED'],
    hidden: 'SELLER_DEACTIVATED',
    undecided: ['PENDING', 'DRAFT', 'FAILED'],
  },
  errors: {
    expiredToken: json(401, { code: 105002, message: 'Access token is expired' }),
    platformError: json(500, { code: 36009003, message: 'Internal system error' }),
    rateLimited: json(429, { code: 36009008, message: 'Too many requests' }),
  },
  dirtyError: json(200, { code: DIRTY, message: DIRTY }),
  malformed: [null, '', false, [], ' 0', undefined].map((code) => withMark(tiktokRemoved, 'code', code)),
  // No documented answer to recognise: whatever TikTok Shop says of a product it does not hold is unknown.
  notThisShop: json(200, { code: 12052048, message: 'Product does not exist' }),
});
