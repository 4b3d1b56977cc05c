import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createVosoAdapter } from './adapter.ts';
import { readVosoCards } from './cards.ts';
import { vosoFixture, vosoProductVariant } from './fixtures.ts';
import { readVosoProductPage } from './parse.ts';

const adapter = createVosoAdapter();

describe('voso product page (real page, 2021)', () => {
  const html = vosoFixture('real-2021-product-p101533.html');

  it('reads product 101533 as active, in stock, sold 6 (not buyCount 243), priced 199,000 of 350,000', () => {
    const reading = readVosoProductPage(html, '101533', (href) => new URL(href, 'https://voso.vn/').href);
    expect(reading.verdict).toBe('active');
    if (reading.verdict !== 'active') throw new Error('not read on sale');
    expect(reading.data).toMatchObject({
      price: 199_000,
      listPrice: 350_000,
      sold: { value: 6, approximate: false },
      stock: 'in_stock',
      isOcop: false,
      ocopStars: null,
      // The shop box's "Xem shop" link: the doctor reads one shop page from it.
      shop: { id: '8590', name: 'Giầy Store', url: 'https://voso.vn/gic-store-s8590' },
    });
    expect(reading.data.title).toContain('Giày Sneaker Nam');
  });

  it('is not fooled by the "Hết hàng" markup every voso page carries: stock comes from `available`', () => {
    expect(html).toContain('Hết hàng');
    const outOfStock = readVosoProductPage(vosoProductVariant({ available: 0 }), '101533');
    expect(outOfStock).toMatchObject({ verdict: 'active', data: { stock: 'out_of_stock' } });
  });

  it('reports sold 0 as an exact zero', () => {
    expect(readVosoProductPage(vosoProductVariant({ sold: 0 }), '101533')).toMatchObject({
      verdict: 'active',
      data: { sold: { value: 0, approximate: false } },
    });
  });

  it('reads the OCOP badge and stars from the record', () => {
    expect(readVosoProductPage(vosoProductVariant({ isOCOP: 1, ratingOCOP: 4 }), '101533')).toMatchObject({
      data: { isOcop: true, ocopStars: 4 },
    });
  });

  it('says delisted from the marketplace state: activated 0 or reject 1', () => {
    expect(readVosoProductPage(vosoProductVariant({ activated: 0 }), '101533')).toMatchObject({
      verdict: 'delisted',
      reason: 'marketplace_state',
      rule: 'voso.record.activated=0',
    });
    expect(readVosoProductPage(vosoProductVariant({ reject: 1 }), '101533')).toMatchObject({
      verdict: 'delisted',
      reason: 'marketplace_state',
    });
  });

  it('says parse_failed, never delisted, when the record is gone or fails its schema', () => {
    const redesigned = html.replace('var product = ', 'window.__PRODUCT__ = ');
    expect(readVosoProductPage(redesigned, '101533')).toMatchObject({ verdict: 'unknown', reason: 'parse_failed' });
    expect(readVosoProductPage(vosoProductVariant({ sold: 'many' }), '101533')).toMatchObject({
      verdict: 'unknown',
      reason: 'parse_failed',
    });
  });

  it('reads a removal message only inside the product container', () => {
    const removed = vosoFixture('product-removed-message.html');
    expect(readVosoProductPage(removed, '101533')).toMatchObject({ verdict: 'delisted', reason: 'removal_message' });
    const footerOnly = `<html><body><main></main><footer>Sản phẩm không tồn tại? Liên hệ</footer></body></html>`;
    expect(readVosoProductPage(footerOnly, '101533')).toMatchObject({ verdict: 'unknown', reason: 'parse_failed' });
  });

  it('canonicalises product and shop URLs', () => {
    expect(adapter.parseRef('https://voso.vn/giay-sneaker-nam-p101533.html?o2o=1')).toEqual({
      marketplace: 'voso',
      itemId: '101533',
      shopId: null,
      url: 'https://voso.vn/giay-sneaker-nam-p101533.html',
    });
    expect(adapter.parseRef('https://voso.vn/gic-store-s8590')).toBeNull();
    expect(adapter.parseRef('https://evil.example/x-p1.html')).toBeNull();
    expect(adapter.parseShopRef?.('https://voso.vn/gic-store-s8590')).toMatchObject({ shopId: '8590' });
  });
});

describe('voso cards (real home page, 2021)', () => {
  const html = vosoFixture('real-2021-home.html');
  const { cards } = readVosoCards(html, 'https://voso.vn/', adapter.parseRef);

  it('reads every product card once', () => {
    expect(cards.length).toBeGreaterThan(40);
    expect(new Set(cards.map((card) => card.ref.itemId)).size).toBe(cards.length);
  });

  it('reads OCOP stars, sold counts and comma-thousands prices', () => {
    const guava = cards.find((card) => card.ref.itemId === '737230');
    expect(guava).toMatchObject({ sold: { value: 1255, approximate: false }, price: 56_000, listPrice: 69_000 });
    const garlic = cards.find((card) => card.ref.itemId === '719584');
    expect(garlic).toMatchObject({ isOcop: true, ocopStars: 4, price: 600_000, listPrice: null });
  });

  it('gives null, not 0, for cards without a sold label', () => {
    const garlic = cards.find((card) => card.ref.itemId === '719584');
    expect(garlic?.sold).toBeNull();
    const starCounts = cards.filter((card) => card.ocopStars !== null).length;
    expect(starCounts).toBeGreaterThan(5);
  });
});

describe('fixture files', () => {
  it('are the real captured pages, unmodified', () => {
    const real = readFileSync(new URL('./fixtures/real-2021-product-p101533.html', import.meta.url), 'utf8');
    expect(real).toContain('"buyCount":243');
  });
});
