const DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' });

/** The calendar day (YYYY-MM-DD) in Asia/Ho_Chi_Minh, where the province's days begin and end. */
export const vietnamDay = (at: Date): string => DAY.format(at);
