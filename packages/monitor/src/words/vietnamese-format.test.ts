import { describe, expect, it } from 'vitest';
import {
  formatDate,
  formatDateLine,
  formatDateTime,
  formatMonthYear,
  formatNumber,
  formatPercent,
  formatVnd,
} from './vietnamese-format.ts';

describe('the one formatter people read', () => {
  it('shows the day and minute on Vietnam’s clock, day first, 24-hour', () => {
    // 17:30 UTC on 4 January is 00:30 on 5 January in Vietnam.
    const at = new Date('2026-01-04T17:30:00Z');
    expect(formatDate(at)).toBe('05/01/2026');
    expect(formatDateTime(at)).toBe('05/01/2026 00:30');
    expect(formatDateTime('2026-01-25 00:00:00+00')).toBe('25/01/2026 07:00');
  });

  it('never shifts a calendar day given as YYYY-MM-DD', () => {
    expect(formatDate('2026-01-05')).toBe('05/01/2026');
    expect(formatDateLine('2026-01-05')).toBe('ngày 05 tháng 01 năm 2026');
    expect(formatMonthYear('2026-01-31')).toBe('tháng 01 năm 2026');
  });

  it('writes the date line as Nghị định 30/2020 does: a zero before days below 10 and months 1–2 only', () => {
    expect(formatDateLine('2026-02-09')).toBe('ngày 09 tháng 02 năm 2026');
    expect(formatDateLine('2026-03-15')).toBe('ngày 15 tháng 3 năm 2026');
    expect(formatDateLine('2026-12-01')).toBe('ngày 01 tháng 12 năm 2026');
    expect(formatMonthYear('2026-09-30')).toBe('tháng 9 năm 2026');
  });

  it('writes numbers with the decimal comma and dots between thousands', () => {
    expect(formatPercent(78.3)).toBe('78,3 %');
    expect(formatPercent(100, 0)).toBe('100 %');
    expect(formatNumber(1234567)).toBe('1.234.567');
    expect(formatVnd(879000)).toBe('879.000 ₫');
    expect(formatVnd(null)).toBe('—');
  });

  it('refuses what is not a date instead of printing "Invalid Date"', () => {
    expect(() => formatDate('hôm qua')).toThrow(/not a date/u);
  });
});
