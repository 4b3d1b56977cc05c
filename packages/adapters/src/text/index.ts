export { foldSearchKey, normalizeText, toNfc } from './normalize.ts';
export {
  createPhraseMatcher,
  matchOutOfStockPhrase,
  matchRemovalPhrase,
  OUT_OF_STOCK_PHRASES,
  type PhraseMatcher,
  REMOVAL_PHRASES,
} from './phrases.ts';
export { parseVndPrice, parseVndPriceRange, type VndPriceRange } from './price.ts';
export { parseSoldCount, type SoldCount, soldCountSchema } from './sold-count.ts';
