import type { ListingCard, ListingRef } from '../contract.ts';
import { type HtmlDocument, loadHtml } from '../html.ts';
import { toNfc } from '../text/normalize.ts';
import { parseVndPrice } from '../text/price.ts';
import { parseSoldCount } from '../text/sold-count.ts';
import { VOSO_LAYOUT } from './options.ts';

export interface VosoCardPage {
  cards: ListingCard[];
  /** The next page of the listing, when the page links one. */
  nextUrl: string | null;
}

function nextPageUrl($: HtmlDocument, pageUrl: string): string | null {
  const href = $('link[rel="next"]').attr('href') ?? $('a[rel="next"]').attr('href');
  return href ? new URL(href, pageUrl).href : null;
}

/**
 * Reads the product cards of a voso home, shop (`-s{id}`) or category (`-c{id}`) page.
 * `toRef` turns a card's product link into a listing reference (null skips the card).
 */
export function readVosoCards(html: string, pageUrl: string, toRef: (url: string) => ListingRef | null): VosoCardPage {
  const $ = loadHtml(html);
  const cards: ListingCard[] = [];
  const seen = new Set<string>();
  $(VOSO_LAYOUT.card).each((_, element) => {
    const card = $(element);
    const link = card.find('.f-items_name a').first();
    const href = link.attr('href');
    const ref = href ? toRef(new URL(href, pageUrl).href) : null;
    if (!ref || seen.has(ref.itemId)) return;
    seen.add(ref.itemId);
    const ocopBadge = card.find('.icon-ocop').length > 0;
    const stars = Number.parseInt(card.find('.jstars__ocop').attr('data-value') ?? '', 10);
    // Some cards have no sold label at all: that is "unknown", never zero.
    const soldLabel = card.find('label.ml-auto').first().text();
    cards.push({
      ref,
      title: toNfc(link.text()).trim(),
      price: parseVndPrice(card.find('.b__price').first().text()),
      listPrice: parseVndPrice(card.find('.listed-price').first().text()),
      sold: soldLabel.trim() === '' ? null : parseSoldCount(soldLabel),
      isOcop: ocopBadge,
      ocopStars: ocopBadge && stars >= 3 && stars <= 5 ? stars : null,
    });
  });
  return { cards, nextUrl: nextPageUrl($, pageUrl) };
}
