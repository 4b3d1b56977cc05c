import type { Observation } from '@ocop-monitor/adapters';

const vnd = (amount: number | null) => (amount === null ? '—' : `${amount.toLocaleString('vi-VN')} ₫`);

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
      ? `${data.sold.value.toLocaleString('vi-VN')}${data.sold.approximate ? ' (xấp xỉ / approximate)' : ''} [${data.sold.raw}]`
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
  if (evidence.bodySha256) lines.push(`  sha256: ${evidence.bodySha256}`);
  return lines.join('\n');
}
