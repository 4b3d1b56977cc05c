/** Vietnamese text in the wild mixes precomposed (NFC) and decomposed (NFD) diacritics. */
export function toNfc(text: string): string {
  return text.normalize('NFC');
}

/** NFC, lower case, runs of white space (including NBSP) collapsed to one space. */
export function normalizeText(text: string): string {
  return text.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/gu, ' ').trim();
}

/**
 * The folded search key: diacritics removed, đ/Đ folded to d (they do not decompose), lower case.
 * "Thanh Hoá" and "Thanh Hóa" (old and new tone-mark placement) both fold to "thanh hoa".
 */
export function foldSearchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/gu, 'd')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .trim();
}
