/**
 * OWASP "CSV injection": a cell that begins with =, +, -, @, a tab or a carriage return is read as
 * a formula by the spreadsheets department staff open exports in, so a product name imported as
 * `=HYPERLINK(…)` could run. Such text gets a leading apostrophe, which spreadsheets show as text.
 * Numbers stay numbers: a number value, or text that is only a number ("-12", "+84 912", "1.5").
 */
const FORMULA_START = /^[=+\-@\t\r]/u;
const PLAIN_NUMBER = /^[+-]?\d[\d\s.,]*$/u;

export function spreadsheetSafe<T>(value: T): T | string {
  if (typeof value !== 'string' || !FORMULA_START.test(value) || PLAIN_NUMBER.test(value)) return value;
  return `'${value}`;
}

/** Every cell of a row, made safe. */
export const spreadsheetSafeRow = <T>(row: readonly T[]): Array<T | string> => row.map(spreadsheetSafe);
