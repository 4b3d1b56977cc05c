import { delistedReasonSchema, unknownReasonSchema } from '@ocop-monitor/adapters';
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../runs/finalize-run.ts';
import { runSummaryInWords } from './run-summary-words.ts';
import { REASON_WORDS, REGISTRY_CHANGE_WORDS } from './words.ts';

const REGISTRY_CHANGES = [
  'new',
  'recertified',
  'stars_changed',
  'expired',
  'revoked',
  'reinstated',
  'removed',
  'updated',
  'conflict',
  'removals_held',
] as const;

/** A run as finalizeRun stores it: a removal found, a marketplace set aside for a redesign. */
const summary: RunSummary = {
  runDate: '2026-12-01',
  checked: 120,
  verdicts: { active: 100, delisted: 2, unknown: 18 },
  reasons: { 'active/listed': 100, 'delisted/not_found': 2, 'unknown/parse_failed': 15, 'unknown/timeout': 3 },
  transitions: { 'active→suspect': 2, 'suspect→delisted': 1 },
  health: [
    { marketplace: 'postmart', checks: 20, unknown: 16, parseFailed: 15, quarantined: true, why: '75% parse_failed' },
    { marketplace: 'voso', checks: 60, unknown: 2, parseFailed: 0, quarantined: false, why: null },
  ],
  massDelisting: [],
  alerts: { opened: { listing_delisted: 1, zero_sales: 0 }, resolved: {} },
  zeroSalesUndecidable: 4,
  coverage: { denominator: 40, covered: 31, percent: 77.5 },
  registryChanges: { new: 2 },
  http: {
    requests: 90,
    listings: 120,
    requestsPerListing: 0.75,
    fromCards: 40,
    shops: 5,
    largeShops: { shops: 0, listings: 0, requests: 0, requestsPerListing: 0 },
  },
};

const where = (id: string) => ({ postmart: 'Bưu điện Việt Nam (postmart.vn)', voso: 'Vỏ Sò (voso.vn)' })[id] ?? id;

describe('a run summary in words', () => {
  it('every reason a check may give and every registry change has words in both languages', () => {
    for (const reason of ['listed', ...delistedReasonSchema.options, ...unknownReasonSchema.options])
      expect(REASON_WORDS[reason], reason).toEqual({ vi: expect.any(String), en: expect.any(String) });
    for (const kind of REGISTRY_CHANGES)
      expect(REGISTRY_CHANGE_WORDS[kind], kind).toEqual({ vi: expect.any(String), en: expect.any(String) });
  });

  it('says what the run found and changed without a code, in Vietnamese and in English', () => {
    const vi = runSummaryInWords(summary, 'vi', where).join('\n');
    expect(vi).toContain('Kết quả: Đang bán 100, Không đọc được 18, Báo bị gỡ 2');
    expect(vi).toContain('sàn trả lời không tìm thấy (404) 2');
    expect(vi).toContain('Đang bán → Nghi bị gỡ, chờ kiểm tra lại: 2');
    // The marketplace set aside by name, with its cause counted once (15 of 16 unreadable were a layout).
    expect(vi).toContain('Bưu điện Việt Nam (postmart.vn): 15/20 trang không nhận ra giao diện');
    expect(vi).toContain('Cảnh báo mới: Bị gỡ khỏi sàn 1');
    expect(vi).not.toContain('Không có đơn hàng'); // a type opened 0 times is not listed
    expect(vi).toContain('Danh mục thay đổi từ lượt trước: sản phẩm mới 2');
    const en = runSummaryInWords(summary, 'en', where).join('\n');
    expect(en).toContain('Why: product page read 100, page layout not recognised 15, timed out 3, not found (404) 2');
    for (const text of [vi, en])
      expect(text).not.toMatch(/\b(active|delisted|unknown|listed|not_found|parse_failed|listing_delisted)\b/u);
  });
});
