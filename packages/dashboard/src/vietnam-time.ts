// Officials read times as the clock on their wall: Asia/Ho_Chi_Minh, whatever the server's zone.
const MINUTE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** 2026-01-14, the day in Vietnam. */
export { vietnamDay } from '@ocop-monitor/monitor';

/** 2026-01-14 06:00, the minute in Vietnam (sortable, the same in both languages). */
export const vietnamMinute = (at: Date) => MINUTE.format(at).replace(', ', ' ');
