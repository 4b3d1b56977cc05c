import type { ListingCard, ListingRef } from '../contract.ts';
import { loadHtml } from '../html.ts';
import { toNfc } from '../text/normalize.ts';
import { parseVndPrice } from '../text/price.ts';
import { parseSoldCount } from '../text/sold-count.ts';
import { stockOfText } from '../text/stock-words.ts';
import type { HtmlListingLayout } from './layout.ts';
import { readOcopBadge } from './ocop-badge.ts';

export interface CardPage {
  cards: ListingCard[];
  nextUrl: string | null;
}

type CardLayout = NonNullable<HtmlListingLayout['cards']>;

/** Reads the product cards of a shop or category page of an HTML marketplace. */
export function readHtmlCards(
  html: string,
  pageUrl: string,
  cardLayout: CardLayout,
  toRef: (url: string) => ListingRef | null,
): CardPage {
  const $ = loadHtml(html);
  const cards: ListingCard[] = [];
  const seen = new Set<string>();
  $(cardLayout.item).each((_, element) => {
    const card = $(element);
    const link = card.find(cardLayout.link).first();
    const href = link.attr('href');
    const ref = href ? toRef(new URL(href, pageUrl).href) : null;
    if (!ref || seen.has(ref.itemId)) return;
    seen.add(ref.itemId);
    const soldText = cardLayout.sold ? card.find(cardLayout.sold).first().text() : '';
    const priceText = cardLayout.price ? card.find(cardLayout.price).first().text() : '';
    const ocop = readOcopBadge(cardLayout.ocop ? card.find(cardLayout.ocop).first() : null);
    const stockText = cardLayout.stock ? toNfc(card.find(cardLayout.stock).first().text()).trim() : '';
    cards.push({
      ref,
      title: toNfc(link.text()).trim(),
      price: priceText ? parseVndPrice(priceText) : null,
      listPrice: null,
      sold: soldText.trim() ? parseSoldCount(soldText) : null,
      isOcop: ocop.isOcop,
      ocopStars: ocop.stars,
      // A card without known stock words tells nothing about stock (never "in stock").
      stock: stockOfText(stockText),
    });
  });
  const next = $(cardLayout.nextPage).first().attr('href');
  return { cards, nextUrl: next ? new URL(next, pageUrl).href : null };
}
