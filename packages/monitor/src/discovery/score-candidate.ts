import { foldSearchKey, type ListingCard } from '@ocop-monitor/adapters';

/** Words of a producer's name that only say its legal form. */
const LEGAL_FORM_WORDS = new Set(
  'htx hop tac xa cong ty tnhh mtv co phan cp ho kinh doanh hkd to dn doanh nghiep'.split(' '),
);
/** Words of a listing title that say how it is packed, not what it is. */
const PACK_WORDS = new Set('hop chai tui hu goi lo can thung combo set bo loai cai'.split(' '));
const QUANTITY = /(\d+(?:[.,]\d+)?)\s?(kg|g|gr|ml|l|lit)\b/iu;

const words = (text: string) =>
  foldSearchKey(text)
    .split(/[^a-z0-9]+/u)
    .filter(Boolean);
const ownWords = (producer: string) => words(producer).filter((w) => !LEGAL_FORM_WORDS.has(w));

const LEGAL_FORMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(htx|hop tac xa)\b/u, 'cooperative'],
  [/^to hop tac\b/u, 'cooperative group'],
  [/^(cong ty|doanh nghiep|dn)\b/u, 'firm'],
  [/^(ho kinh doanh|hkd)\b/u, 'household'],
];
/** The legal form a name starts with, if it says one. */
const legalForm = (name: string) => LEGAL_FORMS.find(([pattern]) => pattern.test(foldSearchKey(name)))?.[1] ?? null;

/** "500 g", "0,5kg", "500gr" → "500g"; "1 lít" → "1000ml": one spelling per quantity. */
export function netQuantity(text: string): string | null {
  const match = QUANTITY.exec(foldSearchKey(text));
  if (!match) return null;
  const amount = Number((match[1] ?? '').replace(',', '.'));
  const unit = (match[2] ?? '').toLowerCase();
  if (unit === 'kg') return `${amount * 1000}g`;
  if (unit === 'l' || unit === 'lit') return `${amount * 1000}ml`;
  return `${amount}${unit === 'gr' ? 'g' : unit}`;
}

export interface CandidateReasons {
  /** Share of the product's own words (its name without the producer's) in the title. */
  productWords: number;
  /** Share of the title's words (packing and quantity aside) that the product or producer explains. */
  titleWords: number;
  /** 1 when the shop is the producer; less as fewer of the producer's words show (halved when the shop is another). */
  producer: number;
  /** Whether the producer was judged from the shop's name or, without one, from the title. */
  producerFrom: 'shop' | 'title';
  quantity: 'same' | 'other' | 'not stated';
  stars: 'same' | 'other' | 'not shown';
}

/**
 * How likely a search result is the registry product, from 0 to 1: what the product is (its name's
 * words, accents and case ignored), that the title says nothing else, and who sells it (the
 * shop's name against the producer's). A listing of another net quantity than the registered name
 * states, or with other OCOP stars, is another product and scores low.
 */
export function scoreCandidate(
  product: { name: string; producer: string; stars: number },
  card: Pick<ListingCard, 'title' | 'shopName' | 'ocopStars'>,
): { score: number; reasons: CandidateReasons } {
  const producerWords = ownWords(product.producer);
  const nameWords = words(product.name.replace(QUANTITY, ' ')).filter((w) => !/^\d+$/u.test(w));
  const itemWords = nameWords.filter((w) => !producerWords.includes(w));
  const productWords = itemWords.length ? itemWords : nameWords;
  const titleWords = words(card.title.replace(QUANTITY, ' ')).filter((w) => !PACK_WORDS.has(w) && !/^\d+$/u.test(w));
  const titleSet = new Set(titleWords);
  const explained = new Set([...nameWords, ...producerWords]);
  const share = (of: string[], within: Set<string>) =>
    of.length ? of.filter((w) => within.has(w)).length / of.length : 0;
  const productShare = share(productWords, titleSet);
  const titleShare = share(titleWords, explained);
  let producer: number;
  if (card.shopName) {
    const shopWords = ownWords(card.shopName);
    const [ours, theirs] = [legalForm(product.producer), legalForm(card.shopName)];
    // The same own words under another legal form ("HTX …" and "Công ty …") are two producers.
    const same =
      share(producerWords, new Set(shopWords)) === 1 &&
      share(shopWords, new Set(producerWords)) === 1 &&
      (!ours || !theirs || ours === theirs);
    producer = same ? 1 : share(producerWords, new Set(shopWords)) * 0.5;
  } else producer = share(producerWords, titleSet) * 0.8; // the title alone is weaker evidence of the seller
  const productQuantity = netQuantity(product.name);
  const cardQuantity = netQuantity(card.title);
  const quantity =
    !productQuantity || !cardQuantity ? 'not stated' : productQuantity === cardQuantity ? 'same' : 'other';
  const stars = card.ocopStars === null ? 'not shown' : card.ocopStars === product.stars ? 'same' : 'other';
  let score = 0.45 * productShare + 0.2 * titleShare + 0.35 * producer;
  if (quantity === 'other') score *= 0.4;
  if (stars === 'other') score *= 0.6;
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    score: Math.round(score * 1000) / 1000,
    reasons: {
      productWords: round(productShare),
      titleWords: round(titleShare),
      producer: round(producer),
      producerFrom: card.shopName ? 'shop' : 'title',
      quantity,
      stars,
    },
  };
}
