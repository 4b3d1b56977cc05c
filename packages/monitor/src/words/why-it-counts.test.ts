import { readFileSync } from 'node:fs';
import {
  createPostmartAdapter,
  createProvincialFloorAdapter,
  createTikiAdapter,
  createVosoAdapter,
  type ProvincialFloorOptions,
} from '@ocop-monitor/adapters';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { whyItCounts } from './why-it-counts.ts';

const floor = parse(
  readFileSync(new URL('../../../../config/floors/quangtri.yaml', import.meta.url), 'utf8'),
) as ProvincialFloorOptions;
const kept = [{ status: 404, contentType: 'text/html', signature: 'html:000000000000000000000000' }];
const adapters = [
  createVosoAdapter({ notFoundAnswers: kept }),
  createPostmartAdapter({ notFoundAnswers: kept }),
  createTikiAdapter({ notFoundAnswers: kept }),
  createProvincialFloorAdapter(floor),
];
const CODE = /[a-z]\.[a-z]|=|_/u;

describe('why a removal counts, in words', () => {
  it('every rule an adapter declares gets a sentence by its provenance, naming the marketplace, without codes', () => {
    const rules = adapters.flatMap((a) => a.removalRules.map((r) => ({ ...r, where: a.displayName })));
    expect(rules.some((r) => r.provenance === 'assumed')).toBe(true);
    expect(rules.some((r) => r.provenance === 'seen')).toBe(true);
    for (const { rule, provenance, where } of rules)
      for (const lang of ['vi', 'en'] as const) {
        const why = whyItCounts(rule, provenance, where, lang);
        expect(why, `${rule} ${lang}`).toContain(where);
        expect(why.replaceAll(where, ''), `${rule} ${lang}`).not.toMatch(CODE);
        if (provenance === 'assumed') expect(why).toMatch(lang === 'vi' ? /chỉ là nghi vấn/u : /only a suspicion/u);
      }
  });

  it('each kind of seen rule says what makes it evidence, and what would not be', () => {
    const seen = (rule: string) => whyItCounts(rule, 'seen', 'Sàn tỉnh', 'vi');
    expect(seen('floor-quangtri.not-found')).toContain('đúng trang “không tìm thấy” đã ghi lại từ chính sàn');
    expect(seen('floor-quangtri.not-found')).toContain('trang bị chặn hay quá hạn thì không được tính');
    expect(seen('tiki.inventory_status=discontinued')).toContain('Chính dữ liệu của Sàn tỉnh ghi');
    expect(seen('floor-quangtri.notice')).toContain('ngay trong khung thông tin sản phẩm');
    expect(seen('floor-quangtri.redirect')).toContain('đúng trang sàn dùng cho sản phẩm đã gỡ');
    expect(seen('floor-quangtri.message')).toContain('không còn khung sản phẩm');
    for (const rule of ['floor-quangtri.notice', 'floor-quangtri.not-found'])
      expect(seen(rule)).toContain('sàn vẫn trả lời bình thường cho các tin đăng khác');
  });

  it("a seller's own record is the seller's word, read with consent", () => {
    expect(whyItCounts('shopee-seller.item.UNLIST', 'authoritative', 'Shopee', 'vi')).toContain(
      'hồ sơ của chính người bán trên Shopee, đọc với sự đồng ý của chủ thể',
    );
  });

  it('a notice that only looks like evidence (an assumed rule) is a suspicion for a person, never a seen removal', () => {
    const why = whyItCounts('floor-quangtri.notice', 'assumed', 'Sàn tỉnh', 'vi');
    expect(why).toContain('chỉ là nghi vấn, cần một người mở tin đăng để xác nhận');
    expect(why).not.toContain('khung thông tin sản phẩm');
    // Without a provenance recorded (older evidence), a rule is not promoted to a seen one's reasons.
    expect(whyItCounts('newsite.something', undefined, 'Sàn tỉnh', 'vi')).toContain(
      'Đây là cách Sàn tỉnh cho biết một tin đăng đã bị gỡ',
    );
  });
});
