import { createPostmartAdapter, createProvincialFloorAdapter, type ListingCard } from '@ocop-monitor/adapters';
import { describe, expect, it } from 'vitest';
import { observationFromCard } from './check-shop.ts';

const postmart = createPostmartAdapter();
const shop = { marketplace: 'postmart', shopId: '3051', url: 'https://postmart.vn/gian-hang/htx-ong-mat-meo-vac-3051' };
const listing = {
  id: 7,
  marketplace: 'postmart',
  itemId: '20417',
  shopId: '3051',
  url: 'https://postmart.vn/p/mat-ong-bac-ha-meo-vac-20417.html',
};
const card = (overrides: Partial<ListingCard> = {}): ListingCard => ({
  ref: { marketplace: 'postmart', itemId: '20417', shopId: '3051', url: listing.url },
  title: 'Mật ong bạc hà Mèo Vạc',
  price: 350_000,
  listPrice: null,
  sold: { value: 12, approximate: false, raw: 'Đã bán 12' },
  isOcop: true,
  ocopStars: 4,
  stock: 'out_of_stock',
  ...overrides,
});
const at = new Date('2026-03-01T06:00:00+07:00');

describe('a shop card standing in for a listing page', () => {
  it('is an active observation with the stock and exact sold count the card shows, and says where it came from', () => {
    const observation = observationFromCard(card(), listing, shop, postmart, at);
    expect(observation).toMatchObject({
      verdict: 'active',
      reason: 'listed',
      checkedAt: at.toISOString(),
      data: { stock: 'out_of_stock', sold: { value: 12, approximate: false }, shop: { id: '3051', url: shop.url } },
      evidence: { matchedRule: 'postmart.shop-card', finalUrl: shop.url },
    });
  });

  it.for([
    ['no stock on the card', { stock: 'unknown' as const }],
    ['a card from a layout without stock', { stock: undefined }],
    ['no sold label', { sold: null }],
    ['an approximate sold count', { sold: { value: 1200, approximate: true, raw: 'Đã bán 1,2k' } }],
    ['no title', { title: '' }],
  ] as const)('says too little with %s: the page is fetched instead', ([, overrides]) => {
    expect(observationFromCard(card(overrides as Partial<ListingCard>), listing, shop, postmart, at)).toBeNull();
  });

  it('needs no sold count on a floor that counts no sales', () => {
    const floor = createProvincialFloorAdapter({
      id: 'floor-test',
      displayName: 'Sàn thử',
      baseUrl: 'https://san.example.vn',
      soldCount: 'none',
      layout: {
        productPaths: ['^/san-pham/(?<slug>[a-z0-9-]+)-(?<id>\\d+)\\.html$'],
        shopPath: '^/gian-hang/(?<slug>[a-z0-9-]+)-(?<id>\\d+)$',
        container: '.product-info',
        cards: { item: '.product-item', link: 'a', stock: '.status' },
      },
    });
    const observation = observationFromCard(card({ sold: null, stock: 'in_stock' }), listing, shop, floor, at);
    expect(observation?.verdict).toBe('active');
    expect(observation?.verdict === 'active' && observation.data.sold).toBeNull();
  });
});
