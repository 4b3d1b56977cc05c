import type { Stock } from '../observation.ts';
import { foldSearchKey } from './normalize.ts';

// Folded stock wording (MARKETPLACES.md). "Sắp hết hàng" (almost sold out) holds "hết hàng", so
// it is tested first; wording that is none of these ("Ngừng kinh doanh", "Liên hệ") tells nothing.
const ALMOST_SOLD_OUT = /\bsap het hang\b|\bcon it\b/u;
// "Còn 0 sản phẩm": none left.
const OUT_OF_STOCK = /\b(?:tam )?het hang\b|\bout of stock\b|\bsold out\b|\bcon (?:lai )?0+\b/u;
const IN_STOCK = /\bcon hang\b|\bsan hang\b|\bco hang\b|\bcon (?:lai )?\d+\b|\bin stock\b/u;

/** The stock a stock element's words tell: `unknown` unless the words are known ones. */
export function stockOfText(text: string): Stock {
  const folded = foldSearchKey(text);
  if (ALMOST_SOLD_OUT.test(folded)) return 'in_stock';
  if (OUT_OF_STOCK.test(folded)) return 'out_of_stock';
  if (IN_STOCK.test(folded)) return 'in_stock';
  return 'unknown';
}
