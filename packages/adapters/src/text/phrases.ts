import { foldSearchKey } from './normalize.ts';

/**
 * Removal messages expected on Vietnamese marketplaces (MARKETPLACES.md). None was ever seen on a
 * live removal page: every rule that reads them is `assumed`. A bare "Ngừng kinh doanh" is not
 * here — shops close for holidays ("Gian hàng tạm ngừng kinh doanh đến hết Tết").
 */
export const REMOVAL_PHRASES: readonly string[] = [
  'Sản phẩm không tồn tại',
  'Sản phẩm này không tồn tại hoặc đã bị xóa',
  'Sản phẩm đã ngừng bán',
  'Sản phẩm đã ngừng kinh doanh',
  'Ẩn khỏi cửa hàng',
  'Hủy niêm yết',
  'Sản phẩm đã bị khóa',
  'Không tìm thấy sản phẩm',
];

/**
 * Words (folded) that make a sentence temporary, partial, conditional or a question — "tạm",
 * "sắp", "đến hết", "trong dịp", "nếu", a date: such a sentence never says the product was removed.
 */
const NOT_A_REMOVAL: readonly RegExp[] = [
  /\btam\b/u, // tạm, tạm thời: temporary
  /\bsap\b/u, // sắp: about to
  /\bden (?:het|ngay|khi)\b/u, // until
  /\bcho den\b/u,
  /\btrong (?:dip|thoi gian)\b/u, // during
  /\bnghi (?:tet|le)\b/u, // holiday
  /\btu ngay\b/u,
  /\bse\b/u, // sẽ: will
  /\bdu kien\b/u, // expected
  /\bneu\b/u, // if
  /\bmot so\b/u, // some (partial)
  /\bphan loai\b|\bkich (?:thuoc|co)\b|\bsize\b/u, // a variant, a size
  /\d{1,2}\s*[/.-]\s*\d{1,2}/u, // a date: 15/02, 15-2
  /\bngay \d/u,
  /\?/u,
];

/** A removal notice is the message, not a phrase inside a paragraph: at most this many words more. */
const MAX_EXTRA_WORDS = 8;

export type PhraseMatcher = (text: string) => string | null;

/** Sentences (or lines, list items) of `text`: a notice is read one sentence at a time. */
function sentencesOf(text: string): string[] {
  return text
    .split(/[\n\r.!;•|]+/u)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
}

const wordCount = (folded: string) => folded.split(' ').filter(Boolean).length;

/**
 * Matches a removal notice on folded text (NFD input, old/new tone marks: "xóa"/"xoá"), one
 * sentence at a time: the sentence must hold a phrase, be short enough to be the notice itself,
 * and say nothing that makes it temporary, partial or conditional. Returns the phrase (for the
 * evidence) or null. Callers pass only the text of the product container or its notice area: a
 * site-wide footer must never count.
 */
export function createRemovalNoticeMatcher(phrases: readonly string[]): PhraseMatcher {
  const folded = phrases.map((phrase) => ({ phrase, key: foldSearchKey(phrase) }));
  return (text) => {
    for (const sentence of sentencesOf(text)) {
      const haystack = foldSearchKey(sentence);
      const found = folded.find(({ key }) => haystack.includes(key));
      if (!found) continue;
      if (wordCount(haystack) > wordCount(found.key) + MAX_EXTRA_WORDS) continue;
      if (NOT_A_REMOVAL.some((pattern) => pattern.test(haystack))) continue;
      return found.phrase;
    }
    return null;
  };
}

/** The common removal notices (REMOVAL_PHRASES), read as `createRemovalNoticeMatcher` reads them. */
export const matchRemovalNotice: PhraseMatcher = createRemovalNoticeMatcher(REMOVAL_PHRASES);
