import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldSearchKey, normalizeText } from './normalize.ts';

describe('Vietnamese normalisation', () => {
  it('folds diacritics and đ/Đ into a search key', () => {
    expect(foldSearchKey('Đặc sản Đồng Tháp')).toBe('dac san dong thap');
    expect(foldSearchKey('  Mật   ong  ')).toBe('mat ong');
  });

  it('gives one key for old and new tone-mark placement and for NFC/NFD', () => {
    expect(foldSearchKey('Thanh Hoá')).toBe(foldSearchKey('Thanh Hóa'));
    expect(foldSearchKey('Thanh Hóa'.normalize('NFD'))).toBe('thanh hoa');
    expect(normalizeText('Thanh Hóa'.normalize('NFD'))).toBe('thanh hóa');
  });

  it('makes the same key whatever the Unicode form, and is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'aăâeêioôơuưyđĐáàảãạấầẩẫậ ÁẮẰ xyz'.split('')) }), (text) => {
        const key = foldSearchKey(text);
        expect(foldSearchKey(text.normalize('NFD'))).toBe(key);
        expect(foldSearchKey(key)).toBe(key);
        expect(key).not.toMatch(/[đĐ\p{M}]/u);
      }),
    );
  });
});
