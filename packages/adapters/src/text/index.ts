export { foldSearchKey, normalizeText, toNfc } from './normalize.ts';
export { MASKED, maskPersonalData } from './personal-data.ts';
export {
  createRemovalNoticeMatcher,
  matchRemovalNotice,
  type PhraseMatcher,
  REMOVAL_PHRASES,
} from './phrases.ts';
export { parseVndPrice, parseVndPriceRange, type VndPriceRange } from './price.ts';
export { parseSoldCount, type SoldCount, soldCountSchema } from './sold-count.ts';
export { stockOfText } from './stock-words.ts';
