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
 * Words (folded) that make a whole notice temporary — "tạm", "sắp", "đến hết", "trong dịp", a rest
 * ("nghỉ"), a return ("quay lại", "hẹn gặp lại"), a date: a notice holding any of them, in any of its
 * sentences, never says the product was removed ("Shop nghỉ Tết. Sản phẩm đã ngừng bán.").
 */
const TEMPORARY: readonly RegExp[] = [
  /\btam\b/u, // tạm, tạm thời: temporary
  /\bsap\b/u, // sắp: about to
  /\bden (?:het|ngay|khi)\b/u, // until
  /\bcho den\b/u,
  /\btrong (?:dip|thoi gian)\b/u, // during
  /\bnghi\b/u, // nghỉ: resting, on holiday
  /\bquay (?:lai|tro lai)\b|\btro lai\b|\bhen gap lai\b/u, // back soon
  /\bbao tri\b/u, // maintenance
  /\btu ngay\b/u,
  /\bse\b/u, // sẽ: will
  /\bdu kien\b/u, // expected
  /\d{1,2}\s*[/.-]\s*\d{1,2}/u, // a date: 15/02, 15-2
  /\bngay \d/u,
];

/** Words that make one sentence partial, conditional or a question: that sentence is not the notice. */
const NOT_THIS_SENTENCE: readonly RegExp[] = [
  /\bneu\b/u, // if
  /\bmot so\b/u, // some (partial)
  /\bphan loai\b|\bkich (?:thuoc|co)\b|\bsize\b/u, // a variant, a size
  /\?/u,
];

/** A removal notice is the message, not a phrase inside a paragraph: at most this many words more. */
const MAX_EXTRA_WORDS = 8;

export type PhraseMatcher = (text: string) => string | null;

/** Sentences (or lines, list items) of `text`. */
function sentencesOf(text: string): string[] {
  return text
    .split(/[\n\r.!;•|]+/u)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
}

const wordCount = (folded: string) => folded.split(' ').filter(Boolean).length;

/** A phrase as it is compared: folded, without the punctuation around it ("Không có dữ liệu!"). */
const foldPhrase = (phrase: string): string =>
  foldSearchKey(phrase)
    .replace(/^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$/gu, '')
    .replace(/\s+/gu, ' ');

/**
 * Matches a removal notice on folded text (NFD input, old/new tone marks: "xóa"/"xoá"), read as a
 * whole: one of its sentences must hold a phrase and be short enough to be the notice itself, no
 * sentence may make the notice temporary, and that sentence must not be partial, conditional or a
 * question. Returns the phrase (for the evidence) or null. Callers pass only the text of the
 * product box or its notice area, related products left out: a site-wide footer must never count.
 */
export function createRemovalNoticeMatcher(phrases: readonly string[]): PhraseMatcher {
  const folded = phrases.map((phrase) => ({ phrase, key: foldPhrase(phrase) })).filter(({ key }) => key !== '');
  return (text) => {
    const sentences = sentencesOf(text).map(foldSearchKey);
    if (sentences.some((sentence) => TEMPORARY.some((pattern) => pattern.test(sentence)))) return null;
    for (const haystack of sentences) {
      const found = folded.find(({ key }) => haystack.includes(key));
      if (!found) continue;
      if (wordCount(haystack) > wordCount(found.key) + MAX_EXTRA_WORDS) continue;
      if (NOT_THIS_SENTENCE.some((pattern) => pattern.test(haystack))) continue;
      return found.phrase;
    }
    return null;
  };
}

/** The common removal notices (REMOVAL_PHRASES), read as `createRemovalNoticeMatcher` reads them. */
export const matchRemovalNotice: PhraseMatcher = createRemovalNoticeMatcher(REMOVAL_PHRASES);
