import { describe, expect, it } from 'vitest';
import { SellerAuthError } from '../contract.ts';
import { listShopeeItems, type ShopeeGet } from './list-items.ts';

const json = (body: unknown, status = 200) => ({ status, body: JSON.stringify(body) });
const itemUrl = (id: string) => `https://shopee.vn/product/50123/${id}`;

/** A shop of `count` items on sale, answered as Shopee's item list and base info pages do. */
function shop(
  count: number,
  named: (id: number) => { item_status: string; item_name?: string },
): {
  get: ShopeeGet;
  asked: Array<Record<string, string>>;
} {
  const asked: Array<Record<string, string>> = [];
  const get: ShopeeGet = async (path, params) => {
    asked.push({ path, ...params });
    if (path.endsWith('get_item_list')) {
      const offset = Number(params.offset);
      const size = Number(params.page_size);
      const ids = Array.from({ length: count }, (_, i) => i + 1).slice(offset, offset + size);
      return json({
        error: '',
        response: {
          item: ids.map((id) => ({ item_id: id })),
          has_next_page: offset + size < count,
          next_offset: offset + size,
        },
      });
    }
    const ids = (params.item_id_list ?? '').split(',').map(Number);
    return json({ error: '', response: { item_list: [...ids, 999].map((id) => ({ item_id: id, ...named(id) })) } });
  };
  return { get, asked };
}

describe("listing a Shopee shop's items", () => {
  it('pages through the list, reads names by fifty, and keeps only items on sale with a name that were asked', async () => {
    const { get, asked } = shop(130, (id) =>
      id % 10 === 0
        ? { item_status: 'UNLIST', item_name: `Hidden ${id}` }
        : { item_status: 'NORMAL', item_name: id === 7 ? '  ' : `Mật ong ${id}` },
    );
    const items = await listShopeeItems(get, itemUrl);
    expect(asked.filter((call) => call.path?.endsWith('get_item_list')).map((call) => call.offset)).toEqual([
      '0',
      '100',
    ]);
    expect(asked.filter((call) => call.path?.endsWith('get_item_base_info'))).toHaveLength(3);
    // 130 items, 13 hidden, one without a name; item 999 was never asked for.
    expect(items).toHaveLength(116);
    expect(items[0]).toEqual({ itemId: '1', title: 'Mật ong 1', url: 'https://shopee.vn/product/50123/1' });
    expect(items.map((item) => item.itemId)).not.toContain('999');
  });

  it('a refused call is a SellerAuthError, never an empty shop', async () => {
    const refused: ShopeeGet = async () => json({ error: 'error_auth', message: 'Invalid access_token.' }, 403);
    await expect(listShopeeItems(refused, itemUrl)).rejects.toBeInstanceOf(SellerAuthError);
    // A 200 whose body names an error is a refusal too; so is an answer that is not JSON.
    const bodyError: ShopeeGet = async () => json({ error: 'error_server', message: 'busy' });
    await expect(listShopeeItems(bodyError, itemUrl)).rejects.toMatchObject({ problem: 'platform_error' });
    const garbled: ShopeeGet = async () => ({ status: 200, body: '<html>captcha</html>' });
    await expect(listShopeeItems(garbled, itemUrl)).rejects.toBeInstanceOf(SellerAuthError);
  });
});
