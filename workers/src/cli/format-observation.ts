import type { Observation } from '@ocop-monitor/adapters';
import { formatNumber, formatVnd as vnd } from '@ocop-monitor/monitor';

/** A short bilingual (Vietnamese / English) reading of one observation for a terminal. */
export function formatObservation(observation: Observation): string {
  const { evidence } = observation;
  const lines = [
    `${observation.marketplace} · ${observation.itemId} · ${observation.url}`,
    `Kết luận / Verdict: ${observation.verdict} (${observation.reason})`,
  ];
  if (observation.verdict === 'active') {
    const { data } = observation;
    const sold = data.sold
      ? `${formatNumber(data.sold.value)}${data.sold.approximate ? ' (xấp xỉ / approximate)' : ''} [${data.sold.raw}]`
      : 'không hiển thị / not shown';
    lines.push(
      `  Tên / Title: ${data.title}`,
      `  Giá / Price: ${vnd(data.price)}${data.listPrice ? ` (niêm yết / list ${vnd(data.listPrice)})` : ''}`,
      `  Đã bán / Sold: ${sold}`,
      `  Kho / Stock: ${data.stock}`,
      `  OCOP: ${data.isOcop === null ? 'không rõ / not shown' : data.isOcop ? `${data.ocopStars ?? '?'}★` : 'không / no'}`,
      `  Gian hàng / Shop: ${data.shop ? `${data.shop.name ?? '?'} (${data.shop.id ?? '?'})` : '—'}`,
    );
  } else if (observation.verdict === 'unknown') {
    lines.push('  Không kết luận được: không cảnh báo ai / Inconclusive: nobody is alerted');
  } else if (observation.evidence.provenance === 'seen') {
    lines.push(
      '  Quy tắc đã thấy trên trang thật: hai lần cách nhau đủ lâu thì xác nhận gỡ bỏ / Seen rule: two sightings far enough apart confirm the removal',
    );
  } else {
    lines.push(
      '  Quy tắc giả định, chưa từng thấy trên trang thật: chỉ báo cán bộ xem xét, không tự xác nhận / Assumed rule, never seen on the live site: a reviewer decides, it never confirms alone',
    );
  }
  const http = evidence.httpStatus === null ? 'no answer' : `HTTP ${evidence.httpStatus}`;
  lines.push(
    `Bằng chứng / Evidence: ${http} · rule ${evidence.matchedRule}${evidence.provenance ? ` (${evidence.provenance})` : ''} · ${evidence.bytes.toLocaleString('en')} bytes · ${Math.round(evidence.durationMs)} ms`,
  );
  if (evidence.redirects.length > 0) lines.push(`  redirects: ${evidence.redirects.join(' → ')}`);
  if (evidence.retryAfterSeconds !== null) lines.push(`  Retry-After: ${evidence.retryAfterSeconds} s`);
  if (evidence.detail) lines.push(`  detail: ${evidence.detail}`);
  if (evidence.answer) lines.push(`  dấu vân tay câu trả lời / answer fingerprint: ${evidence.answer}`);
  if (evidence.movedTo) lines.push(`  địa chỉ mới / moved to: ${evidence.movedTo.url}`);
  if (evidence.bodySha256) lines.push(`  sha256: ${evidence.bodySha256}`);
  return lines.join('\n');
}

/**
 * The run's negative control as `probe` reads it beside a page that was not on sale: what the
 * marketplace answers for an address no product has, and whether that is its kept not-found answer.
 */
export function formatNegativeControl(control: Observation | null, kept: number): string {
  if (!control) return 'Đối chứng / Negative control: không tạo được địa chỉ / no address could be made';
  const answer = control.evidence.answer ?? `HTTP ${control.evidence.httpStatus ?? '—'}`;
  const recognised = control.verdict === 'delisted' && control.evidence.matchedRule.endsWith('.not-found');
  const verdict = recognised
    ? 'đúng trang "không tìm thấy" đã lưu của sàn / the kept not-found answer'
    : kept === 0
      ? 'chưa lưu trang "không tìm thấy" nào: chạy ocop-monitor doctor / none kept: run ocop-monitor doctor'
      : 'khác trang đã lưu: tin báo gỡ hôm nay sẽ bị giữ lại / not the kept answer: removals would be held';
  return `Đối chứng (địa chỉ không có sản phẩm) / Negative control (an address no product has): ${control.url}\n  ${answer} · ${verdict}`;
}
