import { describe, expect, it } from 'vitest';
import type { DemoResult } from '../demo/run-demo.ts';
import { sellerApiLines } from './demo-seller-lines.ts';

const score = (truePositives: number, recall: number) => ({
  truePositives,
  falsePositives: 0,
  falseNegatives: truePositives ? 0 : 1,
  precision: 1,
  recall,
  undecidable: 0,
});

describe("the demo's open-platform lines", () => {
  it('say in Vietnamese what the consenting shops gave, with the decimal comma, and the undecidable zero sales both ways', () => {
    const text = sellerApiLines({
      zeroSalesUndecidable: { pageOnly: 1_068, withSellerApi: 46 },
      sellerApi: {
        shops: 24,
        listings: 39,
        checks: 1_170,
        refreshes: 720,
        proposals: { shops: 24, unlinked: 14, proposed: 13, failed: 0, onDesk: 13 },
        detection: { delisted: score(8, 1), zeroSales: score(11, 0.955), outOfStock: score(0, 1) },
        byMarketplace: {
          shopee: { shops: 14, listings: 22, checks: 660, refreshes: 420, reads: { sales: true } },
          lazada: { shops: 6, listings: 10, checks: 300, refreshes: 24, reads: { sales: false } },
          tiktok: { shops: 4, listings: 7, checks: 210, refreshes: 16, reads: { sales: false } },
        },
      },
    } as unknown as DemoResult);
    expect(text).toContain('24 gian hàng, 39 tin đăng, 1.170 lượt kiểm tra, 720 lần gia hạn mã truy cập');
    expect(text).toContain('13 mặt hàng của các gian hàng này chưa có tin đăng trong danh mục được đề xuất');
    expect(text).toContain(
      'Shopee Open Platform: 14 gian hàng, 22 tin đăng, 660 lượt kiểm tra, 420 lần gia hạn; đọc được trạng thái, tồn kho, số đã bán',
    );
    expect(text).toContain(
      'Lazada Open Platform: 6 gian hàng, 10 tin đăng, 300 lượt kiểm tra, 24 lần gia hạn; đọc được trạng thái, tồn kho (sàn không cho biết số đã bán)',
    );
    expect(text).toContain('TikTok Shop Partner API: 4 gian hàng');
    expect(text).toMatch(/zero_sales +: đúng 11, báo sai 0, bỏ sót 0, độ chính xác 1,00, tỷ lệ phát hiện 0,96/u);
    expect(text).toContain('1.068 tin đăng nếu chỉ đọc trang sàn, 46 khi đọc thêm hệ thống người bán');
  });

  it('without the open platform, only the undecidable line', () => {
    const text = sellerApiLines({ zeroSalesUndecidable: { pageOnly: 12, withSellerApi: 12 } } as unknown as DemoResult);
    expect(text).not.toMatch(/Shopee|Lazada|TikTok/u);
    expect(text).toContain('12 tin đăng nếu chỉ đọc trang sàn, 12 khi đọc thêm');
  });
});
