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

  it('no made-safe cell starts a formula, and safe text is never changed', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const safe = String(spreadsheetSafe(text));
        if (/^[=+\-@\t\r]/u.test(text) && !/^[+-]?\d[\d\s.,]*$/u.test(text)) expect(safe).toBe(`'${text}`);
        else expect(safe).toBe(text);
      }),
    );
  });
});
