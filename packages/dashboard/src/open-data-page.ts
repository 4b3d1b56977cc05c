import { formatDate, OPEN_DATA_DICTIONARY, OPEN_DATA_TITLE, type OpenDataSettings } from '@ocop-monitor/monitor';
import { html, type Raw, safeHref } from './html.ts';

/** The open-data landing page a portal (and a person) starts from: what it is, whose, under which licence, every day. */
export function openDataPage(input: {
  settings: OpenDataSettings;
  publisher: string;
  province: string;
  days: readonly string[];
}): Raw {
  const { settings, days } = input;
  const newest = days[0];
  return html`<p>${OPEN_DATA_TITLE}, ${input.province}: tỷ lệ sản phẩm OCOP còn hiệu lực có tin đăng đang bán trên sàn thương mại điện tử, theo toàn tỉnh, sàn, xã, nhóm sản phẩm và hạng sao. Không có tên hay liên hệ của chủ thể.</p>
<dl><dt>Đơn vị công bố</dt><dd>${input.publisher}</dd><dt>Tỉnh</dt><dd>${input.province}</dd>
<dt>Giấy phép</dt><dd><a href="${safeHref(settings.licence.url)}" rel="license">${settings.licence.name}</a></dd>
<dt>Ngày của số liệu mới nhất</dt><dd>${newest ? formatDate(newest) : 'chưa có'}</dd></dl>
<h2>Tệp dữ liệu</h2>
<ul>${newest ? html`<li><a href="/open-data/ocop-tren-san.csv">Số liệu mới nhất (ngày ${formatDate(newest)}), CSV</a></li>` : ''}
<li><a href="/open-data/tu-dien-du-lieu.csv">Từ điển dữ liệu, CSV</a></li>
<li><a href="/open-data/catalog.ttl">Siêu dữ liệu DCAT cho cổng dữ liệu mở (CKAN), Turtle</a></li>
<li><a href="/open-data/catalog.jsonld">Cùng siêu dữ liệu DCAT, JSON-LD</a></li></ul>
<h2>Từ điển dữ liệu</h2>
<table><thead><tr><th>Trường</th><th>Kiểu</th><th>Mô tả</th></tr></thead>
<tbody>${OPEN_DATA_DICTIONARY.map((d) => html`<tr><td>${d.field}</td><td>${d.type}</td><td>${d.vi}</td></tr>`)}</tbody></table>
<h2>Các ngày trước (${days.length})</h2>
<ul>${days.map((day) => html`<li><a href="/open-data/ocop-tren-san-${day}.csv">Ngày ${formatDate(day)}</a></li>`)}</ul>`;
}
