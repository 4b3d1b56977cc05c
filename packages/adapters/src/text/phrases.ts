import { foldSearchKey } from './normalize.ts';

/** Removal / unavailability messages seen or expected on Vietnamese marketplaces (MARKETPLACES.md). */
export const REMOVAL_PHRASES: readonly string[] = [
  'Sản phẩm không tồn tại',
  'Sản phẩm này không tồn tại hoặc đã bị xóa',
  'Sản phẩm đã ngừng bán',
  'Sản phẩm đã ngừng kinh doanh',
  'Ngừng kinh doanh',
  'Ẩn khỏi cửa hàng',
  'Hủy niêm yết',
  'Sản phẩm đã bị khóa',
  'Không tìm thấy sản phẩm',
];

export const OUT_OF_STOCK_PHRASES: readonly string[] = ['Hết hàng', 'Tạm hết hàng'];

export type PhraseMatcher = (text: string) => string | null;

/**
 * Matches on folded text so NFD input and old/new tone-mark placement ("xóa"/"xoá") still match.
 * Returns the phrase that matched (for evidence) or null. Callers must pass only the text of the
 * product container: a site-wide footer must never count as a removal.
 */
export function createPhraseMatcher(phrases: readonly string[]): PhraseMatcher {
  const folded = phrases.map((phrase) => ({ phrase, key: foldSearchKey(phrase) }));
  return (text) => {
    const haystack = foldSearchKey(text);
    return folded.find(({ key }) => haystack.includes(key))?.phrase ?? null;
  };
}

export const matchRemovalPhrase: PhraseMatcher = createPhraseMatcher(REMOVAL_PHRASES);
export const matchOutOfStockPhrase: PhraseMatcher = createPhraseMatcher(OUT_OF_STOCK_PHRASES);
