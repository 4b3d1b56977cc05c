import { type Lang, say } from '@ocop-monitor/monitor';
import type { User } from './accounts.ts';
import { html, type Raw } from './html.ts';

export type { Lang };

/** A role as the person reads it (never its code). */
const ROLE_WORDS = {
  admin: { vi: 'quản trị viên', en: 'administrator' },
  reviewer: { vi: 'cán bộ xử lý', en: 'reviewer' },
  viewer: { vi: 'chỉ xem', en: 'viewer' },
};

/** Vietnamese first; `?lang=en` switches (kept in a cookie). */
export const t = (lang: Lang, vi: string, en: string) => (lang === 'vi' ? vi : en);

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b}header{background:#0b5394;color:#fff;padding:.5rem 1rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
header a{color:#fff}main{padding:1rem;max-width:1100px}table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;overflow-wrap:break-word}
.url{overflow-wrap:anywhere}.big{font-size:2.5rem;font-weight:700}.pair{display:flex;flex-wrap:wrap;gap:1rem}.pair section{flex:1 1 20rem;min-width:0}.message{white-space:pre-wrap;background:#f4f4f4;padding:.5rem}.finding{font-size:1.2rem}.advice{background:#fff7e0;border-left:4px solid #e0a800;padding:.5rem}.error{color:#a00;font-weight:600}
.tabs ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem .75rem}.tabs a[aria-current]{font-weight:700;text-decoration:none;border-bottom:3px solid #0b5394}figure{margin:.5rem 0;max-width:100%}figure svg{width:100%;height:auto;display:block}pre{white-space:pre-wrap;overflow-wrap:anywhere}
@page{size:A4;margin:15mm}@media print{header,.no-print,main:has(.doc-head) h1{display:none}main{max-width:none;padding:0;overflow:visible}}.doc-head{display:flex;justify-content:space-between;gap:1rem;text-align:center}.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}.muted{color:#555}form.inline{display:inline}button{padding:.25rem .6rem;margin:.15rem 0}label{margin-right:.5rem}
@media (max-width:40rem){main{padding:.5rem}.big{font-size:2rem}table.list,table.list tbody,table.list tr,table.list td,table.list th{display:block}table.list thead{display:none}table.list tr{border:1px solid #bbb;border-radius:4px;margin:.4rem 0;padding:.3rem .5rem;line-height:1.35}table.list td{border:0;padding:.05rem 0}table.list td[data-label]::before{content:attr(data-label) ": ";font-weight:600}table.list td:empty{display:none}table.list tr.group{border:0;padding:0}table.queue td.pick{float:right}select,input{max-width:100%}}`;

export function page(input: {
  title: string;
  lang: Lang;
  user: User | null;
  csrf?: string | undefined;
  body: Raw;
}): string {
  const { lang, user } = input;
  const nav = user
    ? html`<nav><a href="/">${t(lang, 'Hôm nay', 'Today')}</a> · <a href="/coverage">${t(lang, 'Độ phủ', 'Coverage')}</a> · <a href="/report">${t(lang, 'Báo cáo', 'Report')}</a> · <a href="/alerts">${t(lang, 'Cảnh báo', 'Alerts')}</a> · <a href="/products">${t(lang, 'Sản phẩm', 'Products')}</a> · <a href="/proposals">${t(lang, 'Đề xuất', 'Proposals')}</a> · <a href="/marketplaces">${t(lang, 'Tình trạng sàn', 'Marketplaces')}</a>${user.role === 'viewer' ? '' : html` · <a href="/outbox">${t(lang, 'Thông báo', 'Outbox')}</a>`}${
        // Registry and technical pages only in admins' menus (the server refuses them to others too).
        user.role === 'admin'
          ? html` · <a href="/registry/import">${t(lang, 'Nhập danh mục', 'Import')}</a> · <a href="/queues">${t(lang, 'Hàng đợi', 'Queues')}</a>`
          : ''
      }</nav>
      <span style="color:#dde">${user.displayName} · ${say(ROLE_WORDS, user.role, lang)}</span>
      <form class="inline" method="post" action="/logout"><input type="hidden" name="_csrf" value="${input.csrf ?? ''}"><button>${t(lang, 'Đăng xuất', 'Log out')}</button></form>`
    : html``;
  return html`<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${input.title} — OCOP</title><style>${STYLE}</style></head>
<body><header><strong>${t(lang, 'Giám sát OCOP trên sàn TMĐT', 'OCOP e-commerce monitor')}</strong>${nav}
<a href="?lang=${lang === 'vi' ? 'en' : 'vi'}">${lang === 'vi' ? 'English' : 'Tiếng Việt'}</a></header>
<main><h1>${input.title}</h1>${input.body}</main></body></html>`.value;
}
