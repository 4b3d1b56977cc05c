const ZONE_OFFSET_MS = 7 * 3_600_000; // Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving)

/**
 * When a phone message may go out: `now` outside quiet hours, else the end of the quiet hours in
 * Asia/Ho_Chi_Minh. Deferred, never dropped. `start === end` means no quiet hours.
 */
export function afterQuietHours(now: Date, quiet: { start: number; end: number }): Date {
  if (quiet.start === quiet.end) return now;
  const local = new Date(now.getTime() + ZONE_OFFSET_MS);
  const hour = local.getUTCHours();
  const quietNow =
    quiet.start > quiet.end ? hour >= quiet.start || hour < quiet.end : hour >= quiet.start && hour < quiet.end;
  if (!quietNow) return now;
  const end = new Date(local);
  end.setUTCHours(quiet.end, 0, 0, 0);
  if (end.getTime() <= local.getTime()) end.setUTCDate(end.getUTCDate() + 1);
  return new Date(end.getTime() - ZONE_OFFSET_MS);
}
