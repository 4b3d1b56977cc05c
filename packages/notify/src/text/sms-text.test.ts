import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldForSms, smsSegments } from './sms-text.ts';

describe('SMS text', () => {
  it('folds Vietnamese to plain letters, đ and Đ included', () => {
    expect(foldForSms('Mật ong Đồng Tháp – đặc sản')).toBe('Mat ong Dong Thap - dac san');
    expect(foldForSms('Thanh Hoá'.normalize('NFD'))).toBe('Thanh Hoa');
  });

  it('counts segments as carriers bill them', () => {
    expect(smsSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', segments: 1 });
    expect(smsSegments('a'.repeat(161))).toEqual({ encoding: 'GSM-7', segments: 2 });
    expect(smsSegments('ạ'.repeat(70))).toEqual({ encoding: 'UCS-2', segments: 1 });
    expect(smsSegments('ạ'.repeat(71))).toEqual({ encoding: 'UCS-2', segments: 2 });
    expect(smsSegments('ạ'.repeat(135))).toEqual({ encoding: 'UCS-2', segments: 3 });
  });

  it('any Vietnamese text folds to GSM-7', () => {
    const vietnamese = fc.string({
      unit: fc.constantFrom(
        ...'aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵĐĂÂÊÔƠƯ ,.',
      ),
    });
    fc.assert(
      fc.property(vietnamese, (text) => {
        expect(smsSegments(foldForSms(text)).encoding).toBe('GSM-7');
      }),
    );
  });
});
