import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseVndPrice, parseVndPriceRange } from './price.ts';

describe('VND prices', () => {
  it.each([
    ['56,000₫', 56_000],
    ['100.000đ', 100_000],
    ['199.000 ₫', 199_000],
    ['45.000đ/kg', 45_000],
    ['1.250.000 VNĐ', 1_250_000],
    ['85000', 85_000],
  ])('%s → %d', (label, value) => {
    expect(parseVndPrice(label)).toBe(value);
  });

  it('reads a range and gives its lower end as the price', () => {
    expect(parseVndPriceRange('120.000đ - 150.000đ')).toEqual({ min: 120_000, max: 150_000 });
    expect(parseVndPrice('120.000đ - 150.000đ')).toBe(120_000);
  });

  it.each(['Liên hệ', '', '1.20đ', '12,34,56đ'])('refuses %j', (label) => {
    expect(parseVndPrice(label)).toBeNull();
  });

  it('round-trips any amount in either separator style and currency sign', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9_999_999_999 }),
        fc.constantFrom('.', ','),
        fc.constantFrom('₫', 'đ', ' ₫', ' đ', ''),
        (amount, separator, sign) => {
          const label = `${amount.toString().replace(/\B(?=(\d{3})+(?!\d))/gu, separator)}${sign}`;
          expect(parseVndPrice(label)).toBe(amount);
        },
      ),
    );
  });
});
