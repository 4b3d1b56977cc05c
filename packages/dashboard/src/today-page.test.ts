import type { ChangedAlert, WhatChanged } from '@ocop-monitor/monitor';
import { describe, expect, it } from 'vitest';
import { todayPage } from './today-page.ts';

const removal = (id: number, productName: string): ChangedAlert => ({
  id,
  type: 'listing_delisted',
  state: 'confirmed',
  marketplace: 'voso',
  productName,
  evidence: { removal: { matchedRule: 'voso.not-found' } },
});
const changes = (opened: ChangedAlert[], resolved: ChangedAlert[]): WhatChanged => ({
  latestRun: '2026-02-10',
  previousRun: '2026-02-09',
  coverage: null,
  previousCoverage: null,
  newlyCovered: [],
  newlyUncovered: [],
  opened,
  resolved,
  health: [],
});
/** The lines under a heading of the page, as text. */
const under = (page: string, heading: string) =>
  [...(page.split(heading)[1]?.split('<h2>')[0] ?? '').matchAll(/<li>([\s\S]*?)<\/li>/gu)].map((m) =>
    (m[1] ?? '').replace(/<[^>]*>/gu, '').trim(),
  );

describe('Today: what is new and what ended', () => {
  it('an alert that opened and ended since the previous run is told once, under ended, saying so', () => {
    const page = todayPage(
      'vi',
      changes([removal(1, 'Mật ong U Minh'), removal(2, 'Trà Shan')], [removal(1, 'Mật ong U Minh')]),
      [],
      () => 'voso.vn',
      0,
    ).value;
    const fresh = under(page, 'Cảnh báo mới');
    const ended = under(page, 'Đã hết');
    expect(fresh).toHaveLength(1);
    expect(fresh[0]).toMatch(/^Trà Shan: /u);
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatch(/^Mật ong U Minh: .*\(mở rồi đã hết từ lượt trước\)$/u);
  });

  it('the same thing again (an older alert ended, a new one with the same line) is told under new only', () => {
    const page = todayPage(
      'vi',
      changes([removal(7, 'Mật ong U Minh')], [removal(3, 'Mật ong U Minh'), removal(4, 'Nước mắm')]),
      [],
      () => 'voso.vn',
      0,
    ).value;
    const fresh = under(page, 'Cảnh báo mới');
    const ended = under(page, 'Đã hết');
    expect(fresh.map((line) => line.split(':')[0])).toEqual(['Mật ong U Minh']);
    expect(ended.map((line) => line.split(':')[0])).toEqual(['Nước mắm']);
    for (const line of fresh) expect(ended).not.toContain(line);
  });
});
