import { formatDate, marketplaceName } from '@ocop-monitor/monitor';
import { escapeHtml } from './escape-html.ts';

/** Bump when a template's wording changes: it is part of each message's idempotency key. */
export const TEMPLATE_VERSION = 'v1';

export interface AlertFacts {
  alertId: number;
  type: string;
  productName: string;
  producerName: string;
  marketplace: string;
  /** The name producers know it by (a provincial floor's from its config); absent in messages planned before it existed. */
  marketplaceName?: string | undefined;
  listingUrl: string;
  /** What was seen, from the alert's evidence. */
  evidence: Record<string, unknown>;
  openedAt: Date;
}

export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

type Locale = 'vi' | 'en';

/** What was seen and what to do, per alert type, in plain words (Vietnamese first). */
function lines(facts: AlertFacts, locale: Locale): { title: string; seen: string; todo: string } {
  const where = facts.marketplaceName ?? marketplaceName(facts.marketplace);
  const e = facts.evidence;
  const vi = locale === 'vi';
  switch (facts.type) {
    case 'listing_delisted':
      return vi
        ? {
            title: `Sản phẩm "${facts.productName}" không còn hiển thị trên ${where}`,
            seen: `Từ ${formatDate(facts.openedAt)}, sàn ${where} không còn bán tin đăng này (đã kiểm tra hai lần, cách nhau ít nhất 6 giờ, và cán bộ Sở Công Thương đã xác nhận).`,
            todo: `Hãy đăng nhập gian hàng trên ${where} để xem lý do và đăng bán lại, hoặc liên hệ Sở Công Thương nếu cần hỗ trợ.`,
          }
        : {
            title: `"${facts.productName}" is no longer listed on ${where}`,
            seen: `Since ${formatDate(facts.openedAt)}, ${where} no longer shows this listing (checked twice, at least 6 hours apart, and confirmed by the trade department).`,
            todo: `Log in to your shop on ${where} to see why and list it again, or contact the trade department for help.`,
          };
    case 'zero_sales': {
      const days = Number(e.windowDays ?? 30);
      return vi
        ? {
            title: `Sản phẩm "${facts.productName}" chưa có đơn hàng trên ${where} trong ${days} ngày`,
            seen: `Số lượng đã bán trên ${where} không tăng trong ${days} ngày qua (hiện là ${String(e.soldNow ?? 0)}). Sàn có thể gỡ các sản phẩm không có giao dịch.`,
            todo: 'Hãy kiểm tra giá, hình ảnh và tồn kho của tin đăng, hoặc liên hệ Sở Công Thương để được hỗ trợ quảng bá.',
          }
        : {
            title: `No sale of "${facts.productName}" on ${where} in ${days} days`,
            seen: `The sold count on ${where} has not increased in ${days} days (now ${String(e.soldNow ?? 0)}). Marketplaces remove listings without transactions.`,
            todo: "Check the listing's price, pictures and stock, or contact the trade department for promotion support.",
          };
    }
    case 'out_of_stock':
      return vi
        ? {
            title: `Sản phẩm "${facts.productName}" hết hàng trên ${where}`,
            seen: `Tin đăng trên ${where} báo hết hàng trong mọi lần kiểm tra ${String(e.outOfStockForMoreThanDays ?? 7)} ngày qua.`,
            todo: `Hãy cập nhật số lượng tồn kho trên ${where} để khách mua được hàng.`,
          }
        : {
            title: `"${facts.productName}" is out of stock on ${where}`,
            seen: `The listing on ${where} showed out of stock at every check of the last ${String(e.outOfStockForMoreThanDays ?? 7)} days.`,
            todo: `Update the stock on ${where} so that customers can buy it.`,
          };
    default:
      return { title: `${facts.type}: ${facts.productName}`, seen: JSON.stringify(e), todo: '' };
  }
}

/** The producer's e-mail: which listing, what was seen (with the link), what to do. */
export function alertEmail(facts: AlertFacts, locale: Locale): EmailMessage {
  const { title, seen, todo } = lines(facts, locale);
  const greeting = locale === 'vi' ? `Kính gửi ${facts.producerName},` : `Dear ${facts.producerName},`;
  const link = locale === 'vi' ? 'Tin đăng' : 'Listing';
  const footer =
    locale === 'vi'
      ? 'Thư này do hệ thống giám sát sản phẩm OCOP của Sở Công Thương gửi tự động.'
      : "This message was sent by the trade department's OCOP monitoring system.";
  const text = [greeting, '', title, '', seen, `${link}: ${facts.listingUrl}`, '', todo, '', '—', footer].join('\n');
  const safeUrl = /^https?:\/\//u.test(facts.listingUrl) ? facts.listingUrl : '#';
  const html = `<!doctype html><html lang="${locale}"><body>
<p>${escapeHtml(greeting)}</p><h2>${escapeHtml(title)}</h2><p>${escapeHtml(seen)}</p>
<p>${escapeHtml(link)}: <a href="${escapeHtml(safeUrl)}">${escapeHtml(facts.listingUrl)}</a></p><p>${escapeHtml(todo)}</p>
<hr><p style="color:#666">${escapeHtml(footer)}</p></body></html>`;
  return { subject: title, text, html };
}

const SMS_WHAT: Record<string, { vi: string; en: string }> = {
  listing_delisted: { vi: 'khong con hien thi tren', en: 'is no longer listed on' },
  zero_sales: { vi: 'chua co don hang 30 ngay tren', en: 'has had no sale for 30 days on' },
  out_of_stock: { vi: 'dang het hang tren', en: 'is out of stock on' },
};

/**
 * The SMS text: one plain segment (160 GSM-7 characters) where it can be — the product name is cut
 * to fit. Written without diacritics on purpose: the SMS channel folds anything left.
 */
export function alertSms(facts: AlertFacts, locale: Locale): string {
  const where = facts.marketplaceName ?? marketplaceName(facts.marketplace);
  const what = SMS_WHAT[facts.type]?.[locale] ?? facts.type;
  const todo =
    locale === 'vi'
      ? 'Vui long kiem tra gian hang hoac lien he So Cong Thuong.'
      : 'Please check your shop or contact the trade department.';
  const frame = (name: string) => `[OCOP] "${name}" ${what} ${where}. ${todo}`;
  const room = 160 - frame('').length;
  const name =
    facts.productName.length <= room ? facts.productName : `${facts.productName.slice(0, Math.max(room - 3, 8))}...`;
  return frame(name);
}

/** The event a webhook receives for a released alert (Standard Webhooks payload shape). */
export function alertEvent(facts: AlertFacts): { type: string; timestamp: string; data: Record<string, unknown> } {
  return {
    type: `listing.${facts.type}`,
    timestamp: facts.openedAt.toISOString(),
    data: {
      alertId: facts.alertId,
      product: facts.productName,
      producer: facts.producerName,
      marketplace: facts.marketplace,
      url: facts.listingUrl,
      evidence: facts.evidence,
    },
  };
}
