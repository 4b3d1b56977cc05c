import { formatNumber } from '@ocop-monitor/monitor';
import type { DemoResult } from '../demo/run-demo.ts';

const n = (value: number) => formatNumber(value);
const ratio = (value: number) => formatNumber(value, 2);

const PLATFORM_NAMES: Record<string, string> = {
  shopee: 'Shopee Open Platform',
  lazada: 'Lazada Open Platform',
  tiktok: 'TikTok Shop Partner API',
};

/**
 * The demo's open-platform lines, in the words a clerk reads (decimal comma): what the consenting
 * shops gave on each marketplace, how their listings were scored alone, and the zero-sales no
 * page could decide.
 */
export function sellerApiLines(result: DemoResult): string {
  const lines: string[] = [];
  const api = result.sellerApi;
  if (api) {
    lines.push(
      `\nĐọc từ hệ thống người bán (chủ thể đã đồng ý) / seller API: ${n(api.shops)} gian hàng, ` +
        `${n(api.listings)} tin đăng, ${n(api.checks)} lượt kiểm tra, ${n(api.refreshes)} lần gia hạn mã truy cập; ` +
        `${n(api.proposals.proposed)} mặt hàng của các gian hàng này chưa có tin đăng trong danh mục được đề xuất cho sản phẩm OCOP tương ứng, để cán bộ xem (không tự liên kết)\n`,
    );
    for (const [marketplace, one] of Object.entries(api.byMarketplace)) {
      const reads = one.reads.sales
        ? 'trạng thái, tồn kho, số đã bán'
        : 'trạng thái, tồn kho (sàn không cho biết số đã bán)';
      lines.push(
        `  ${PLATFORM_NAMES[marketplace] ?? marketplace}: ${n(one.shops)} gian hàng, ${n(one.listings)} tin đăng, ` +
          `${n(one.checks)} lượt kiểm tra, ${n(one.refreshes)} lần gia hạn; đọc được ${reads}\n`,
      );
    }
    for (const [name, score] of [
      ['listing_delisted', api.detection.delisted],
      ['zero_sales', api.detection.zeroSales],
      ['out_of_stock', api.detection.outOfStock],
    ] as const)
      lines.push(
        `  Phát hiện trên các tin đăng này / detection ${name.padEnd(16)}: đúng ${n(score.truePositives)}, báo sai ${n(score.falsePositives)}, ` +
          `bỏ sót ${n(score.falseNegatives)}, độ chính xác ${ratio(score.precision)}, tỷ lệ phát hiện ${ratio(score.recall)}\n`,
      );
  }
  const undecidable = result.zeroSalesUndecidable;
  lines.push(
    `Tin đăng không bán được nhưng không xác định được (số đã bán bị làm tròn hoặc không hiện) / zero sales undecidable: ` +
      `${n(undecidable.pageOnly)} tin đăng nếu chỉ đọc trang sàn, ${n(undecidable.withSellerApi)} khi đọc thêm hệ thống người bán\n`,
  );
  return lines.join('');
}
