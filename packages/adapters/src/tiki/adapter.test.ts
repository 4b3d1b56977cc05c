import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeAdapterConformance } from '../testing/conformance.ts';
import { createTikiAdapter } from './adapter.ts';

const available = JSON.parse(readFileSync(new URL('./fixtures/product-available.json', import.meta.url), 'utf8'));
const json = (fields: Record<string, unknown>) => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ ...available, ...fields }),
});

describeAdapterConformance({
  name: 'tiki',
  createAdapter: (baseUrl) => createTikiAdapter({ baseUrl }),
  listingPath: '/tra-sen-tay-ho-ocop-4-sao-hop-100g-p184036446.html',
  fetchPath: '/api/v2/products/184036446',
  cases: [
    {
      name: 'available: exact sold value behind the rounded "Đã bán 1k+" label',
      response: json({}),
      expect: {
        verdict: 'active',
        data: {
          price: 185_000,
          listPrice: 220_000,
          sold: { value: 1043, approximate: false, raw: 'Đã bán 1k+' },
          stock: 'in_stock',
          shop: { id: '291755', name: 'HTX Trà sen Quảng An' },
          isOcop: null,
        },
      },
    },
    {
      name: 'active with no sales: quantity_sold absent is unknown, not 0',
      response: json({ quantity_sold: null }),
      expect: { verdict: 'active', data: { sold: null } },
    },
    {
      name: 'only the rounded label: approximate',
      response: json({ quantity_sold: { text: 'Đã bán 10k+' } }),
      expect: { verdict: 'active', data: { sold: { value: 10_000, approximate: true } } },
    },
    {
      name: 'out of stock',
      response: json({ inventory_status: 'out_of_stock' }),
      expect: { verdict: 'active', data: { stock: 'out_of_stock' } },
    },
    {
      name: 'delisted by the marketplace state (inventory_status discontinued)',
      response: json({ inventory_status: 'discontinued' }),
      expect: { verdict: 'delisted', reason: 'marketplace_state' },
    },
    {
      name: 'a JSON answer of another shape is parse_failed',
      response: json({ price: 'liên hệ' }),
      expect: { verdict: 'unknown', reason: 'parse_failed' },
    },
  ],
});

describe('tiki URLs', () => {
  const adapter = createTikiAdapter();
  it('keeps the seller product id (spid) in the canonical URL and drops tracking parameters', () => {
    expect(adapter.parseRef('https://tiki.vn/tra-sen-p184036446.html?spid=184036447&utm_source=x')).toEqual({
      marketplace: 'tiki',
      itemId: '184036446',
      shopId: null,
      url: 'https://tiki.vn/tra-sen-p184036446.html?spid=184036447',
    });
  });
});
