import { z } from 'zod';
import { normalizeText } from './normalize.ts';

export const soldCountSchema = z.object({
  value: z.number().int().nonnegative(),
  /** true for "1,2k", "10k+", "2tr": the marketplace rounded or capped the figure. */
  approximate: z.boolean(),
  /** The label as the marketplace showed it, for evidence. */
  raw: z.string(),
});
export type SoldCount = z.infer<typeof soldCountSchema>;

const SOLD_WORDS = /(đã bán|da ban|lượt bán|sold)/gu;
// number, optional unit (k = nghìn, tr/triệu = million), optional "+"
const SOLD_PATTERN = /^(\d+(?:[.,]\d+)*)\s*(k|nghìn|tr|triệu|m)?\s*(\+)?$/u;
const GROUPED_THOUSANDS = /^\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*$/u;

const UNIT_FACTOR: Record<string, number> = { k: 1_000, nghìn: 1_000, tr: 1_000_000, triệu: 1_000_000, m: 1_000_000 };

/**
 * Parses a sold-count label: "Đã bán 6", "1255 đã bán", "Đã bán 1,2k", "1.2k+", "10k+", "2tr",
 * "1.255". Returns null when the text is not a sold count, so that a missing or garbled label is
 * never read as zero.
 */
export function parseSoldCount(label: string): SoldCount | null {
  const raw = label.trim();
  const text = normalizeText(raw).replace(SOLD_WORDS, '').replace(/[:()]/gu, '').trim();
  const match = SOLD_PATTERN.exec(text);
  if (!match) return null;
  const [, digits = '', unit, plus] = match;
  if (unit) {
    // With a unit the separator is a decimal mark: "1,2k" = 1.2 thousand.
    if (!/^\d+(?:[.,]\d+)?$/u.test(digits)) return null;
    const value = Math.round(Number.parseFloat(digits.replace(',', '.')) * (UNIT_FACTOR[unit] ?? 1));
    return { value, approximate: true, raw };
  }
  let value: number;
  if (/^\d+$/u.test(digits)) value = Number.parseInt(digits, 10);
  else if (GROUPED_THOUSANDS.test(digits)) value = Number.parseInt(digits.replace(/[.,]/gu, ''), 10);
  else return null; // "1,2" without a unit is ambiguous: refuse rather than guess
  if (!Number.isSafeInteger(value)) return null;
  return { value, approximate: plus !== undefined, raw };
}
