/** What a masked phone, e-mail or contact name reads as. */
export const MASKED = { phone: '[SĐT đã ẩn]', email: '[email đã ẩn]', name: '[tên đã ẩn]' } as const;

/** Every case of every letter of a label: `ci('Zalo')` matches "ZALO" and "zalo" without the `i` flag. */
const ci = (label: string) =>
  [...label]
    .map((c) => {
      const lower = c.toLowerCase();
      const upper = c.toUpperCase();
      if (lower === upper) return c === ' ' ? '\\s+' : c.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
      return `[${lower}${upper}]`;
    })
    .join('');

// Zero-width characters and soft hyphens split a number or an address without showing: they go first.
const INVISIBLE = /[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]/gu;

// E-mail: "@" as typed, URL-encoded, bracketed or spoken ("a còng"); "." the same way.
const AT = String.raw`(?:\s*(?:@|%40)\s*|\s*[([{<]\s*(?:at|@|a\s*còng)\s*[)\]}>]\s*|\s+(?:at|a\s+còng)\s+)`;
const DOT = String.raw`(?:\s*\.\s*|\s*[([{<]\s*(?:dot|chấm)\s*[)\]}>]\s*|\s+(?:dot|chấm)\s+)`;
const EMAIL = new RegExp(
  String.raw`(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}][\p{L}\p{N}._%+-]*${AT}[\p{L}\p{N}-]+(?:${DOT}[\p{L}\p{N}-]+)*${DOT}\p{L}{2,}(?![\p{L}\p{N}])`,
  'giu',
);

// Between two digits, a short separator: spaces, dots, dashes, parentheses (" - " included).
const SEP = String.raw`[\s.\-()]{0,4}`;
const digits = (count: number) => Array.from({ length: count }, () => String.raw`\d`).join(SEP);
// Vietnamese numbers: mobile 0[35789]+8 digits, landline 02+9 digits, the retired 01x+9, 1800/1900.
const NATIONAL = `(?:[35789]${SEP}${digits(8)}|2${SEP}${digits(9)}|1${SEP}[2689]${SEP}${digits(8)})`;
const PREFIX = String.raw`(?:(?:\(\s*)?\+\s*84\s*\)?|\(\s*84\s*\)|84|\(?0)\)?${SEP}(?:\(\s*0\s*\)${SEP})?`;
const PHONE = new RegExp(
  String.raw`(?<![\p{L}\p{N}+])(?:${PREFIX}${NATIONAL}|1[89]00${SEP}${digits(4)}(?:${SEP}${digits(2)})?)(?![\d:/]|[.,]\d|\s*(?:₫|đ(?!\p{L})|[vV][nN][dDđĐ]))`,
  'gu',
);
// After a label, any run of 8 to 12 digits is a phone, wherever it starts ("SĐT0912…", "Zalo: 912…").
const PHONE_LABEL = ['SĐT', 'SDT', 'ĐT', 'DT', 'Hotline', 'Zalo', 'Điện thoại', 'Tel', 'Phone', 'Call']
  .map(ci)
  .join('|');
const LABELLED_PHONE = new RegExp(
  String.raw`(?<!\p{L})((?:${PHONE_LABEL})\s*[:.\-/]?\s*)[(+\s]*\d(?:${SEP}\d){7,11}(?![\d:/]|\s*(?:₫|đ(?!\p{L})|[vV][nN][dDđĐ]))`,
  'gu',
);

// A contact's name: capitalised words (an honorific before them allowed), after the labels shops use.
const NAME_LABEL = [
  'Chủ shop',
  'Chủ cửa hàng',
  'Chủ cơ sở',
  'Chủ hộ',
  'Người đại diện',
  'Đại diện',
  'Người liên hệ',
  'Người bán',
  'Liên hệ',
]
  .map(ci)
  .join('|');
const HONORIFIC = ['anh', 'chị', 'cô', 'chú', 'bác', 'ông', 'bà', 'em', 'mr', 'ms', 'mrs'].map(ci).join('|');
const NAME = new RegExp(
  String.raw`(?<!\p{L})((?:${NAME_LABEL})\s*[:\-–]?\s*)(?:(?:${HONORIFIC})\.?\s+)?\p{Lu}[\p{L}\p{M}]*(?:[ \t]+\p{Lu}[\p{L}\p{M}]*){0,4}`,
  'gu',
);

/**
 * Marketplace page text with the personal data of the people behind a listing masked, for showing it
 * to viewers and in captures: phones in every Vietnamese form (+84/84/0, spaces, dots, dashes,
 * parentheses, a label before them with or without space), e-mails also obfuscated ("(at)",
 * "[dot]", "%40", full-width ＠, decomposed letters) and the names after "Chủ shop", "Người liên hệ",
 * "Người bán", "Liên hệ". Prices, dates, weights and product codes stay as they were. The text is
 * returned NFKC-normalised (full-width forms folded), which is what lets the obfuscated forms match.
 */
export function maskPersonalData(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(EMAIL, MASKED.email)
    .replace(LABELLED_PHONE, (_all, label: string) => `${label}${MASKED.phone}`)
    .replace(PHONE, MASKED.phone)
    .replace(NAME, (_all, label: string) => `${label}${MASKED.name}`);
}
