import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SellerAuthError, type SellerShopItem } from './contract.ts';
import { listLazadaItems } from './lazada/list-items.ts';
import { listShopeeItems } from './shopee/list-items.ts';
import { listTiktokItems } from './tiktok/list-items.ts';

/**
 * The three platforms' item lists answered page by page from one shop of `count` items, in each
 * platform's documented shape; `tamper` changes a page's JSON before it is sent (what a platform
 * might send that its documentation does not promise).
 */
type Tamper = (page: Record<string, unknown>, index: number) => unknown;
const ok = (body: unknown) => ({ status: 200, redirected: false, body: JSON.stringify(body) });
const url = (id: string) => `https://example.vn/${id}`;

function lazadaShop(count: number, tamper: Tamper = (page) => page) {
  return listLazadaItems(async (_path, params) => {
    const offset = Number(params.offset);
    const products = Array.from({ length: count }, (_, i) => i + 1)
      .slice(offset, offset + Number(params.limit))
      .map((id) => ({ item_id: String(id), status: 'Active', attributes: { name: `Hàng ${id}` } }));
    return ok(tamper({ code: '0', data: { total_products: count, products } }, offset / 50));
  }, url);
}

function tiktokShop(count: number, tamper: Tamper = (page) => page) {
  return listTiktokItems(async (token) => {
    const offset = token ? Number(token) : 0;
    const products = Array.from({ length: count }, (_, i) => String(i + 1))
      .slice(offset, offset + 100)
      .map((id) => ({ id, title: `Hàng ${id}`, status: 'ACTIVATE' }));
    const next = offset + 100 < count ? String(offset + 100) : '';
    return ok(
      tamper(
        { code: 0, message: 'Success', data: { products, total_count: count, next_page_token: next } },
        offset / 100,
      ),
    );
  }, url);
}

function shopeeShop(count: number, tamper: Tamper = (page) => page) {
  return listShopeeItems(async (path, params) => {
    if (path.endsWith('get_item_base_info')) {
      const ids = (params.item_id_list ?? '').split(',').map(Number);
      return ok({
        error: '',
        response: { item_list: ids.map((id) => ({ item_id: id, item_status: 'NORMAL', item_name: `Hàng ${id}` })) },
      });
    }
    const offset = Number(params.offset);
    const ids = Array.from({ length: count }, (_, i) => i + 1).slice(offset, offset + 100);
    const response = {
      item: ids.map((id) => ({ item_id: id })),
      total_count: count,
      has_next_page: offset + 100 < count,
      next_offset: offset + 100,
    };
    return ok(tamper({ error: '', message: '', response }, offset / 100));
  }, url);
}

const SHOPS = { lazada: lazadaShop, tiktok: tiktokShop, shopee: shopeeShop } as const;
const ids = (items: SellerShopItem[]) => items.map((item) => item.itemId).sort((a, b) => Number(a) - Number(b));
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error,
  );

describe("a shop's item list is the platform's whole account of it, or a refusal", () => {
  it('a shop of any size is listed whole across pages, with or without the total', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(SHOPS)),
        fc.integer({ min: 0, max: 230 }),
        fc.boolean(),
        async (name, count, withTotal) => {
          const drop: Tamper = (page) => {
            if (withTotal) return page;
            const copy = structuredClone(page) as {
              data?: Record<string, unknown>;
              response?: Record<string, unknown>;
            };
            delete copy.data?.total_products;
            delete copy.data?.total_count;
            delete copy.response?.total_count;
            return copy;
          };
          const listed = await SHOPS[name as keyof typeof SHOPS](count, drop);
          expect(ids(listed)).toEqual(Array.from({ length: count }, (_, i) => String(i + 1)));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a page that lost its items, or pages short of the platform’s own total, refuse — never a smaller shop', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(SHOPS)),
        fc.integer({ min: 1, max: 230 }),
        fc.constantFrom('no-list', 'emptied'),
        async (name, count, how) => {
          const lastPage = Math.floor((count - 1) / (name === 'lazada' ? 50 : 100));
          const tamper: Tamper = (page, index) => {
            if (index !== lastPage) return page;
            const copy = structuredClone(page) as {
              data?: Record<string, unknown>;
              response?: Record<string, unknown>;
            };
            const holder = copy.data ?? copy.response ?? {};
            const key = 'products' in holder ? 'products' : 'item';
            if (how === 'no-list') delete holder[key];
            else holder[key] = [];
            return copy;
          };
          const error = await refusal(SHOPS[name as keyof typeof SHOPS](count, tamper));
          expect(error, `${name} ${count} ${how}`).toBeInstanceOf(SellerAuthError);
          expect((error as SellerAuthError).needsConsent).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('an answer with no list and no total is no shop at all: refused; an explicit empty shop is empty', async () => {
    const bare = (page: Record<string, unknown>) =>
      'data' in page ? { ...page, data: {} } : { ...page, response: {} };
    for (const [name, list] of Object.entries(SHOPS)) {
      expect(await refusal(list(3, bare)), name).toBeInstanceOf(SellerAuthError);
      expect(await list(0), name).toEqual([]);
    }
    // Shopee's `{}` and an answer without `response`.
    expect(await refusal(shopeeShop(2, () => ({})))).toBeInstanceOf(SellerAuthError);
    expect(await refusal(shopeeShop(2, () => ({ error: '', message: '', request_id: 'r' })))).toBeInstanceOf(
      SellerAuthError,
    );
  });

  it('an id sent as a JSON number past 2^53 is never rounded into another item’s id', async () => {
    const unsafe = '9007199254740993';
    const withUnsafeId = (text: string) =>
      text.replace(/"item_id":"?1"?|"id":"1"/u, (found) => found.replace(/"?1"?$/u, unsafe));
    const lazada = listLazadaItems(
      async () => ({
        status: 200,
        redirected: false,
        body: withUnsafeId(
          JSON.stringify({
            code: '0',
            data: { total_products: 1, products: [{ item_id: 1, status: 'Active', attributes: { name: 'Mật ong' } }] },
          }),
        ),
      }),
      url,
    );
    expect(await refusal(lazada)).toBeInstanceOf(SellerAuthError);
    const tiktok = await listTiktokItems(
      async () => ({
        status: 200,
        redirected: false,
        body: withUnsafeId(
          JSON.stringify({
            code: 0,
            data: {
              total_count: 1,
              next_page_token: '',
              products: [{ id: '1', title: 'Mật ong', status: 'ACTIVATE' }],
            },
          }),
        ),
      }),
      url,
    );
    expect(ids(tiktok)).not.toContain('9007199254740992');
    expect(ids(tiktok)).toEqual([]);
  });
});
