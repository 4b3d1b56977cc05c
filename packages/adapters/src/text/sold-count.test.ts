import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSoldCount } from './sold-count.ts';

const groupThousands = (n: number, separator: string) => n.toString().replace(/\B(?=(\d{3})+(?!\d))/gu, separator);

describe('parseSoldCount', () => {
  it.each([
    ['Đã bán 6', 6, false],
    ['1255 đã bán', 1255, false],
    ['Đã bán 0', 0, false],
    ['Đã bán 1,2k', 1200, true],
    ['1.2k+', 1200, true],
    ['10k+', 10_000, true],
    ['Đã bán 2tr', 2_000_000, true],
    ['1.255', 1255, false],
    ['Đã bán 1.255', 1255, false],
    ['Đã bán 99+', 99, true],
  ])('%s → %d (approximate %s)', (label, value, approximate) => {
    expect(parseSoldCount(label)).toEqual({ value, approximate, raw: label });
  });

  it.each(['', 'Đã bán', 'Liên hệ', '1,2', 'Đã bán nhiều', 'k'])('refuses %j rather than guessing', (label) => {
    expect(parseSoldCount(label)).toBeNull();
  });

  it('reads decomposed (NFD) Vietnamese labels like precomposed ones', () => {
    expect(parseSoldCount('Đã bán 12'.normalize('NFD'))?.value).toBe(12);
  });

  it('round-trips every exact count in every label format', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 50_000_000 }),
        fc.constantFrom('Đã bán {n}', '{n} đã bán', 'Đã bán: {n}'),
        fc.constantFrom('', '.', ','),
        (n, template, separator) => {
          const label = template.replace('{n}', groupThousands(n, separator));
          expect(parseSoldCount(label)).toEqual({ value: n, approximate: false, raw: label });
        },
      ),
    );
  });

  it('marks every k/tr/+ count approximate and stays within the rounding of its label', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_000, max: 999_999 }),
        fc.constantFrom(',', '.'),
        fc.boolean(),
        (n, mark, plus) => {
          const thousands = Math.floor(n / 100) / 10; // "1,2k" shows one decimal, rounded down
          const label = `Đã bán ${String(thousands).replace('.', mark)}k${plus ? '+' : ''}`;
          const parsed = parseSoldCount(label);
          expect(parsed?.approximate).toBe(true);
          expect(Math.abs((parsed?.value ?? 0) - n)).toBeLessThan(100);
        },
      ),
    );
  });
});
