import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { spreadsheetSafe } from './spreadsheet-cell.ts';

describe('spreadsheetSafe (OWASP CSV injection)', () => {
  it.for(['=HYPERLINK("http://evil.example","x")', '+cmd|calc', '-2+3+cmd|calc', '@SUM(1,2)', '\t=1+1', '\r=1+1'])(
    'turns %j into text',
    (text) => {
      expect(spreadsheetSafe(text)).toBe(`'${text}`);
    },
  );

  it('leaves numbers, numeric text and ordinary names alone', () => {
    for (const value of [42, -5, 1.5, '-12', '+84 912 345 678', '1.255', 'Chè vằng Cam Lộ', '', 'a=b']) {
      expect(spreadsheetSafe(value)).toBe(value);
    }
  });

  // Generated cases, not the implementation's own patterns: what a spreadsheet would run, what it
  // reads as a number, and ordinary text.
  const FORMULA_STARTS = ['=', '+', '-', '@', '\t', '\r'];

  it('text that starts like a formula and is not only a number gets the apostrophe', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FORMULA_STARTS),
        fc.string({ minLength: 1 }).filter((rest) => /[^\d\s.,]/u.test(rest)),
        (start, rest) => {
          expect(spreadsheetSafe(`${start}${rest}`)).toBe(`'${start}${rest}`);
        },
      ),
    );
  });

  it('signed numbers and phone numbers stay as they are', () => {
    fc.assert(
      fc.property(fc.constantFrom('+', '-'), fc.nat(), fc.nat({ max: 999 }), (sign, whole, part) => {
        for (const text of [`${sign}${whole}`, `${sign}${whole}.${part}`, `${sign}84 ${whole} ${part}`]) {
          expect(spreadsheetSafe(text)).toBe(text);
        }
      }),
    );
  });

  it('text that starts with a letter or a digit is never changed', () => {
    fc.assert(
      fc.property(fc.constantFrom('a', 'Đ', 'M', '7', '0'), fc.string(), (first, rest) => {
        expect(spreadsheetSafe(`${first}${rest}`)).toBe(`${first}${rest}`);
      }),
    );
  });
});
