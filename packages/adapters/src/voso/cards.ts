import { decodeHTML } from 'entities';
import type { ListingCard, ListingRef } from '../contract.ts';
import { toNfc } from '../text/normalize.ts';
import { parseVndPrice } from '../text/price.ts';
import { parseSoldCount } from '../text/sold-count.ts';

export interface VosoCardPage {
  cards: ListingCard[];
  /** The next page of the listing, when the page links one. */
  nextUrl: string | null;
}

// Parsing a whole 300 KB home page into a DOM takes ~7 ms and a DOM per card costs more than the
// card: the card markup is small and regular, so each card is cut out and read with patterns
// (cross-checked against a DOM reading of the real page in cards.test.ts).
const CARD_START = /<div class="f-items(?: [^"]*)?">/gu;
const MAX_CARD_CHARS = 6_000;
const CARD = {
  link: /class="f-items_name"[\s\S]*?<a\b[^>]*\bhref="([^"]+)"[^>]*>([\s\S]*?)<\/a>/u,
  sold: /<label class="ml-auto">([^<]*)<\/label>/u,
  price: /class="b__price">\s*<strong>([\s\S]*?)<\/strong>/u,
  listPrice: /class="listed-price">([\s\S]*?)<\/div>/u,
  ocopBadge: /class="icon-ocop"/u,
  ocopStars: /class="[^"]*\bjstars__ocop\b[^"]*"[^>]*\bdata-value="(\d+)"/u,
} as const;
const NEXT_LINK = /<(?:link|a)\b[^>]*\brel=["']next["'][^>]*>/iu;
const HREF = /\bhref=["']([^"']+)["']/iu;

const textOf = (markup: string | undefined) => decodeHTML((markup ?? '').replace(/<[^>]*>/gu, ''));

function cardFragments(html: string): string[] {
  const starts = Array.from(html.matchAll(CARD_START), (match) => match.index);
  return starts.map((start, i) => html.slice(start, Math.min(starts[i + 1] ?? html.length, start + MAX_CARD_CHARS)));
}

function readCard(fragment: string, pageUrl: string, toRef: (url: string) => ListingRef | null): ListingCard | null {
  const link = CARD.link.exec(fragment);
  const ref = link?.[1] ? toRef(new URL(decodeHTML(link[1]), pageUrl).href) : null;
  if (!ref) return null;
  const isOcop = CARD.ocopBadge.test(fragment);
  const stars = Number.parseInt(CARD.ocopStars.exec(fragment)?.[1] ?? '', 10);
  // Some cards have no sold label at all: that is "unknown", never zero.
  const soldLabel = CARD.sold.exec(fragment)?.[1];
  return {
    ref,
    title: toNfc(textOf(link?.[2])).trim(),
    price: parseVndPrice(textOf(CARD.price.exec(fragment)?.[1])),
    listPrice: parseVndPrice(textOf(CARD.listPrice.exec(fragment)?.[1])),
    sold: soldLabel?.trim() ? parseSoldCount(decodeHTML(soldLabel)) : null,
    isOcop,
    ocopStars: isOcop && stars >= 3 && stars <= 5 ? stars : null,
  };
}

/**
 * Reads the product cards of a voso home, shop (`-s{id}`) or category (`-c{id}`) page.
 * `toRef` turns a card's product link into a listing reference (null skips the card).
 */
export function readVosoCards(html: string, pageUrl: string, toRef: (url: string) => ListingRef | null): VosoCardPage {
  const cards: ListingCard[] = [];
  const seen = new Set<string>();
  for (const fragment of cardFragments(html)) {
    const card = readCard(fragment, pageUrl, toRef);
    if (!card || seen.has(card.ref.itemId)) continue;
    seen.add(card.ref.itemId);
    cards.push(card);
  }
  const next = HREF.exec(NEXT_LINK.exec(html)?.[0] ?? '')?.[1];
  return { cards, nextUrl: next ? new URL(next, pageUrl).href : null };
}
