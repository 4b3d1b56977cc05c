import { formatDateTime } from '@ocop-monitor/monitor';

/** 2026-01-14, the day in Vietnam: for queries and keys, never shown (formatDate shows a day). */
export { vietnamDay } from '@ocop-monitor/monitor';

/** 14/01/2026 06:00, the minute in Vietnam as people read it (the one formatter's). */
export const vietnamMinute = (at: Date) => formatDateTime(at);
