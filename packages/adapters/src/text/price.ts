import { normalizeText } from './normalize.ts';

export interface VndPriceRange {
  min: number;
  max: number;
}

// VND has no minor unit, so both "." and "," are thousands separators: "56,000₫", "100.000đ".
const AMOUNT = /(\d{1,3}(?:[.,\s]\d{3})+|\d+)\s*(?:₫|đ|vnđ|vnd|d\b)?/gu;
const GROUPED = /^\d{1,3}(?:([.,\s])\d{3})(?:\1\d{3})*$/u;

function toAmount(digits: string): number | null {
  if (/^\d+$/u.test(digits)) return Number.parseInt(digits, 10);
  if (!GROUPED.test(digits)) return null;
  return Number.parseInt(digits.replace(/[.,\s]/gu, ''), 10);
}

/**
 * Parses a VND price or range: "56,000₫", "100.000đ", "199.000 ₫", "120.000đ - 150.000đ",
 * "45.000đ/kg". Returns null when no price is present.
 */
export function parseVndPriceRange(label: string): VndPriceRange | null {
  const text = normalizeText(label).replace(/\/\s*\p{L}+.*$/u, ''); // drop the "/kg" unit suffix
  const amounts: number[] = [];
  for (const match of text.matchAll(AMOUNT)) {
    const amount = toAmount(match[1] ?? '');
    if (amount === null || !Number.isSafeInteger(amount)) return null;
    amounts.push(amount);
  }
  if (amounts.length === 0 || amounts.length > 2) return null;
  const [first = 0, second = first] = amounts;
  return { min: Math.min(first, second), max: Math.max(first, second) };
}

/** The price a buyer pays first: the lower end of a range. */
export function parseVndPrice(label: string): number | null {
  return parseVndPriceRange(label)?.min ?? null;
}
