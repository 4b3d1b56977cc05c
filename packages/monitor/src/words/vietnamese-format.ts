/**
 * The one formatter for what people read — pages, messages, exports, charts: dates dd/mm/yyyy and
 * 24-hour times on Vietnam's clock whatever the server's zone, the decimal comma, "." between
 * thousands, VND with "₫". English keeps the same day-first dates (the department's own convention).
 */
const ZONE = 'Asia/Ho_Chi_Minh';

const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

interface VietnamClock {
  day: string;
  month: string;
  year: string;
  hour: string;
  minute: string;
}

/** A date-only string (YYYY-MM-DD) is a calendar day already: it is never shifted by a time zone. */
const DAY_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/u;

function clockOf(at: Date | string): VietnamClock {
  if (typeof at === 'string') {
    const day = DAY_ONLY.exec(at);
    if (day) return { year: day[1] ?? '', month: day[2] ?? '', day: day[3] ?? '', hour: '00', minute: '00' };
  }
  const date = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a date: ${String(at)}`);
  const parts = Object.fromEntries(PARTS.formatToParts(date).map((part) => [part.type, part.value]));
  return {
    day: parts.day ?? '',
    month: parts.month ?? '',
    year: parts.year ?? '',
    hour: parts.hour ?? '',
    minute: parts.minute ?? '',
  };
}

/** 05/01/2026: the day in Vietnam. */
export function formatDate(at: Date | string): string {
  const { day, month, year } = clockOf(at);
  return `${day}/${month}/${year}`;
}

/** 05/01/2026 06:00: the minute in Vietnam, 24-hour clock. */
export function formatDateTime(at: Date | string): string {
  const { day, month, year, hour, minute } = clockOf(at);
  return `${day}/${month}/${year} ${hour}:${minute}`;
}

/** 06:00: the time of day in Vietnam. */
export function formatTime(at: Date | string): string {
  const { hour, minute } = clockOf(at);
  return `${hour}:${minute}`;
}

/**
 * Nghị định 30/2020/NĐ-CP, Phụ lục I: a day below 10 and a month below 3 get a leading zero, so
 * "ngày 05 tháng 01" and "ngày 15 tháng 3" (nobody can turn "1" into "11" or "12" by hand).
 */
function decreeParts(at: Date | string): { day: string; month: string; year: string } {
  const { day, month, year } = clockOf(at);
  return { day, month: Number(month) < 3 ? month : String(Number(month)), year };
}

/** "ngày 05 tháng 01 năm 2026", "ngày 15 tháng 3 năm 2026": an official document's date line. */
export function formatDateLine(at: Date | string): string {
  const { day, month, year } = decreeParts(at);
  return `ngày ${day} tháng ${month} năm ${year}`;
}

/** "tháng 01 năm 2026", "tháng 12 năm 2026", the same rule as the date line. */
export function formatMonthYear(at: Date | string): string {
  const { month, year } = decreeParts(at);
  return `tháng ${month} năm ${year}`;
}

const numberFormats = new Map<number, Intl.NumberFormat>();
function numberFormat(decimals: number): Intl.NumberFormat {
  let format = numberFormats.get(decimals);
  if (!format) {
    format = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    numberFormats.set(decimals, format);
  }
  return format;
}

/** 1.234.567 or 12,5: "." between thousands, the decimal comma. */
export function formatNumber(value: number, decimals = 0): string {
  return numberFormat(decimals).format(value);
}

/** 78,3 % from 78.3 (a percentage, not a share), one decimal unless told. */
export function formatPercent(percent: number, decimals = 1): string {
  return `${formatNumber(percent, decimals)} %`;
}

/** 879.000 ₫; "—" when there is no price. */
export function formatVnd(vnd: number | null): string {
  return vnd === null ? '—' : `${formatNumber(Math.round(vnd))} ₫`;
}
