import { formatNumber } from '@ocop-monitor/monitor';
import type { DemoResult } from '../demo/run-demo.ts';

const n = (value: number) => formatNumber(value);
const ratio = (value: number) => formatNumber(value, 2);

/**
 * The demo's open-platform lines, in the words a clerk reads (decimal comma): what the consenting
 * Shopee shops gave, how their listings were scored alone, and the zero-sales no page could decide.
 */
export function sellerApiLines(result: DemoResult): string {
  const lines: string[] = [];
  const api = result.sellerApi;
  if (api) {
    lines.push(
      `\nĐọc từ hệ thống người bán (Shopee Open Platform, chủ thể đã đồng ý) / seller API: ${n(api.shops)} gian hàng, ` +
        `${n(api.listings)} tin đăng, ${n(api.checks)} lượt kiểm tra, ${n(api.refreshes)} lần gia hạn mã truy cập; ` +
        `${n(api.proposals.proposed)} sản phẩm chưa có trong danh mục được đề xuất để cán bộ xem (không tự liên kết)\n`,
    );
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
