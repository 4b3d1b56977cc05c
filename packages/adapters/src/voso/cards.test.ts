import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { createVosoAdapter } from './adapter.ts';
import { readVosoCards } from './cards.ts';
import { vosoFixture } from './fixtures.ts';

// readVosoCards reads cards with patterns for speed; this reads the same real page through a
// full DOM (cheerio with parse5) and demands the same answers card by card.
describe('voso card patterns agree with a DOM reading of the real home page', () => {
  const html = vosoFixture('real-2021-home.html');
  const adapter = createVosoAdapter();
  const fast = readVosoCards(html, 'https://voso.vn/', adapter.parseRef).cards;

  const $ = load(html);
  const viaDom = new Map<string, { sold: string | null; stars: string | null; badge: boolean; title: string }>();
  $('.f-items').each((_, element) => {
    const card = $(element);
    const ref = adapter.parseRef(card.find('.f-items_name a').first().attr('href') ?? '');
    if (!ref || viaDom.has(ref.itemId)) return;
    const label = card.find('label.ml-auto').first();
    viaDom.set(ref.itemId, {
      sold: label.length ? label.text().trim() : null,
      stars: card.find('.jstars__ocop').attr('data-value') ?? null,
      badge: card.find('.icon-ocop').length > 0,
      title: card.find('.f-items_name a').first().text().trim(),
    });
  });

  it('finds the same cards', () => {
    expect(fast.map((card) => card.ref.itemId).sort()).toEqual([...viaDom.keys()].sort());
  });

  it('reads the same sold label, OCOP badge, stars and title for every card', () => {
    for (const card of fast) {
      const dom = viaDom.get(card.ref.itemId);
      expect(card.sold?.raw ?? null, card.ref.itemId).toBe(dom?.sold ?? null);
      expect(card.isOcop, card.ref.itemId).toBe(dom?.badge);
      expect(card.ocopStars === null ? null : String(card.ocopStars), card.ref.itemId).toBe(
        dom?.badge ? dom.stars : null,
      );
      expect(card.title, card.ref.itemId).toBe(dom?.title.normalize('NFC'));
    }
  });

  it('follows a rel=next link to the next shop page', () => {
    const page = readVosoCards(
      `<link rel="next" href="/dac-san-s1120?page=2">${html}`,
      'https://voso.vn/dac-san-s1120',
      adapter.parseRef,
    );
    expect(page.nextUrl).toBe('https://voso.vn/dac-san-s1120?page=2');
  });
});
