import { describe, expect, it } from 'vitest';
import { notifyConfigSchema } from '../config.ts';
import { alertEmail, alertSms } from './alert-message.ts';
import { digestEmail } from './digest-message.ts';

/** What a reader must never see: an ISO day, a decimal point before a percent, or a 2-digit year. */
const NOT_VIETNAMESE = [/\b\d{4}-\d{2}-\d{2}\b/u, /\d\.\d+ ?%/u, /\b\d{1,2}\/\d{1,2}\/\d{2}\b(?!\d)/u];
const expectVietnamese = (text: string) => {
  for (const pattern of NOT_VIETNAMESE) expect(text).not.toMatch(pattern);
};

describe('messages write dates and figures the one formatter’s way', () => {
  it('every alert message, e-mail and SMS, in both languages: dd/mm/yyyy on Vietnam’s clock', () => {
    // The kinds the gates let reach producers (every other kind never goes out).
    const gates = notifyConfigSchema.parse({}).gates;
    const sent = Object.entries(gates)
      .filter(([, gate]) => gate.release !== 'never')
      .map(([type]) => type);
    expect(sent).toContain('listing_delisted');
    for (const type of sent)
      for (const locale of ['vi', 'en'] as const) {
        const facts = {
          alertId: 7,
          type,
          productName: 'Kẹo cu đơ',
          producerName: 'HTX Kẹo',
          marketplace: 'voso',
          listingUrl: 'https://voso.vn/keo-p1.html',
          evidence: { expiryDate: '2026-03-01', daysLeft: 40, runDate: '2026-01-25', share: 0.783, windowDays: 30 },
          // 25/01 at 00:30 in Vietnam, still the 24th in UTC.
          openedAt: new Date('2026-01-24T17:30:00Z'),
        };
        const email = alertEmail(facts, locale);
        for (const text of [email.subject, email.text, alertSms(facts, locale)]) expectVietnamese(text);
        if (type === 'listing_delisted') expect(email.text).toContain('25/01/2026');
      }
  });

  it('the daily digest: "78,3 %", the date as dd/mm/yyyy', () => {
    const email = digestEmail({
      date: '2026-01-25',
      coverage: {
        percent: 78.3,
        change: 0.5,
        covered: 148,
        denominator: 189,
        runDate: '2026-01-25',
        rules: ['Mẫu số: sản phẩm OCOP còn hiệu lực ngày 25/01/2026'],
      },
      newByType: { listing_delisted: 1 },
      liveByType: { listing_delisted: 3 },
      largestGaps: [{ label: 'Xã Cẩm Xuyên', uncovered: 4, percent: 60.5 }],
      gapProducts: 41,
      degraded: [],
    });
    for (const text of [email.subject, email.text]) expectVietnamese(text);
    expect(email.subject).toContain('ngày 25/01/2026: độ phủ 78,3 % (+0,5)');
    expect(email.text).toContain('Xã Cẩm Xuyên: 4 chưa có (60,5 %)');
    expect(email.text).toContain('Theo lượt kiểm tra ngày 25/01/2026: 148/189 sản phẩm = 78,3 % (+0,5)');
    expect(email.text).toContain('Cách tính — Mẫu số: sản phẩm OCOP còn hiệu lực ngày 25/01/2026');
  });
});
