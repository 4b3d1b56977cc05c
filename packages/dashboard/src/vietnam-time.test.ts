import { describe, expect, it } from 'vitest';
import { vietnamDay, vietnamMinute } from './vietnam-time.ts';

describe('times as officials read them (Asia/Ho_Chi_Minh)', () => {
  it('a run at 06:00 in Vietnam is on its own day, though it is still the day before in UTC', () => {
    const run = new Date('2026-01-13T23:00:00Z');
    expect(vietnamDay(run)).toBe('2026-01-14');
    expect(vietnamMinute(run)).toBe('14/01/2026 06:00');
  });
});
