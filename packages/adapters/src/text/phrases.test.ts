import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRemovalNoticeMatcher, matchRemovalNotice } from './phrases.ts';
import { stockOfText } from './stock-words.ts';

describe('removal notices', () => {
  it('find a removal notice in either tone-mark style and Unicode form', () => {
    expect(matchRemovalNotice('Sản phẩm này không tồn tại hoặc đã bị xoá')).toBe(
      'Sản phẩm này không tồn tại hoặc đã bị xóa',
    );
    expect(matchRemovalNotice('SẢN PHẨM ĐÃ NGỪNG KINH DOANH'.normalize('NFD'))).toBe('Sản phẩm đã ngừng kinh doanh');
    expect(matchRemovalNotice('Rất tiếc! Không tìm thấy sản phẩm.\nTiếp tục mua sắm')).toBe('Không tìm thấy sản phẩm');
  });

  // Pages that look like removal evidence but are not: each one has read "delisted" for a listing on sale.
  it.for([
    ['a shop closed for a holiday', 'Gian hàng tạm ngừng kinh doanh đến hết Tết Nguyên đán'],
    ['a bare "ngừng kinh doanh"', 'Ngừng kinh doanh'],
    ['a temporary stop', 'Sản phẩm tạm ngừng kinh doanh'],
    ['a stop until a date', 'Sản phẩm đã ngừng kinh doanh đến ngày 15/02'],
    ['a date alone', 'Sản phẩm đã ngừng bán 10/2 - 20/2'],
    ['an announced stop', 'Sản phẩm sắp ngừng kinh doanh, mua ngay kẻo lỡ'],
    ['a future stop', 'Sản phẩm sẽ ngừng bán sau đợt này'],
    ['a stop during the holiday', 'Sản phẩm đã ngừng bán trong dịp nghỉ Tết'],
    ['one variant stopped', 'Phân loại hộp 1kg: sản phẩm đã ngừng bán'],
    ['some sizes stopped', 'Một số sản phẩm đã ngừng kinh doanh'],
    ['a question in a help text', 'Sản phẩm không tồn tại? Gọi 1900 545481'],
    ['a conditional', 'Nếu sản phẩm không tồn tại, vui lòng liên hệ người bán'],
    [
      'a phrase inside a long paragraph',
      'Chúng tôi cam kết hoàn tiền đầy đủ cho mọi đơn hàng khi sản phẩm đã ngừng bán mà người mua đã thanh toán trước đó qua ví điện tử',
    ],
    ['an ordinary description', 'Mật ong bạc hà nguyên chất'],
  ] as const)('not a removal: %s', ([, text]) => {
    expect(matchRemovalNotice(text)).toBeNull();
  });

  it("reads a site's own phrases the same way", () => {
    const floor = createRemovalNoticeMatcher(['Sản phẩm đã bị ẩn bởi quản trị sàn']);
    expect(floor('Sản phẩm đã bị ẩn bởi quản trị sàn')).toBe('Sản phẩm đã bị ẩn bởi quản trị sàn');
    expect(floor('Sản phẩm đã bị ẩn bởi quản trị sàn đến hết 30/4')).toBeNull();
  });
});

describe('stock words', () => {
  it.for([
    ['Còn hàng', 'in_stock'],
    ['Còn 12 sản phẩm', 'in_stock'],
    ['Sắp hết hàng', 'in_stock'],
    ['SẮP HẾT HÀNG'.normalize('NFD'), 'in_stock'],
    ['Hết hàng', 'out_of_stock'],
    ['Tạm hết hàng', 'out_of_stock'],
    ['Ngừng kinh doanh', 'unknown'],
    ['Liên hệ', 'unknown'],
    ['', 'unknown'],
  ] as const)('%j is %s', ([text, stock]) => {
    expect(stockOfText(text)).toBe(stock);
  });
});

describe("a floor's own removal sentence", () => {
  it('matches however the configured phrase and the page differ in case, Unicode form and trailing punctuation', () => {
    const sentences = ['Không có dữ liệu', 'Sản phẩm không tồn tại', 'Gian hàng đã đóng sản phẩm này'];
    const punctuation = fc.constantFrom('', '!', '.', '!!', ' !', '…', ':');
    const form = fc.constantFrom<(text: string) => string>(
      (t) => t,
      (t) => t.toUpperCase(),
      (t) => t.toLowerCase(),
      (t) => t.normalize('NFD'),
    );
    fc.assert(
      fc.property(fc.constantFrom(...sentences), punctuation, punctuation, form, form, (sentence, a, b, f, g) => {
        const matcher = createRemovalNoticeMatcher([f(sentence) + a]);
        expect(matcher(g(sentence) + b)).not.toBeNull();
      }),
    );
  });
});
