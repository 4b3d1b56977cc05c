import { normalizeText } from './normalize.ts';

export interface VndPriceRange {
  min: number;
  max: number;
}

// VND has no minor unit, so both "." and "," are thousands separators: "56,000₫", "100.000đ".
const AMOUNT = String.raw`(\d[\d.,\s]*\d|\d)\s*(?:₫|đ|vnđ|vnd)?`;
const PRICE = new RegExp(`^${AMOUNT}(?:\\s*[-–~]\\s*${AMOUNT})?$`, 'u');
const GROUPED = /^\d{1,3}(?:([.,\s])\d{3})(?:\1\d{3})*$/u;

function toAmount(digits: string): number | null {
  if (/^\d+$/u.test(digits)) return Number.parseInt(digits, 10);
  if (!GROUPED.test(digits)) return null;
  const amount = Number.parseInt(digits.replace(/[.,\s]/gu, ''), 10);
  return Number.isSafeInteger(amount) ? amount : null;
}

/**
 * Parses a VND price or range: "56,000₫", "100.000đ", "199.000 ₫", "120.000đ - 150.000đ",
 * "45.000đ/kg". Returns null when the label is not a price ("Liên hệ") or its digits are not
 * grouped by thousands ("1.20đ"), rather than guessing.
 */
export function parseVndPriceRange(label: string): VndPriceRange | null {
  const text = normalizeText(label).replace(/\/\s*\p{L}+$/u, ''); // drop the "/kg" unit suffix
  const match = PRICE.exec(text);
  if (!match) return null;
  const first = toAmount(match[1] ?? '');
  const second = match[2] === undefined ? first : toAmount(match[2]);
  if (first === null || second === null) return null;
  return { min: Math.min(first, second), max: Math.max(first, second) };
}

/** The price a buyer pays first: the lower end of a range. */
export function parseVndPrice(label: string): number | null {
  return parseVndPriceRange(label)?.min ?? null;
}
