import { formatDate } from '@ocop-monitor/monitor';
import type { EmailMessage } from './alert-message.ts';
import { escapeHtml } from './escape-html.ts';

/** What an invitation to consent says: who asks, about which shop, the link, until when it works. */
export interface ConsentInviteFacts {
  department: string;
  producerName: string;
  productName: string;
  marketplaceName: string;
  /** The platform's record has sales counts (Shopee); Lazada's and TikTok Shop's have none: not promised. */
  readsSales?: boolean;
  /** The producer's page (the invitation's token is in it, and nowhere else). */
  link: string;
  validUntil: Date;
}

type Locale = 'vi' | 'en';

/**
 * The invitation as an e-mail: what will be read (item status, stock, sales counts, never buyers'
 * data), the link to read more and decide, and that consent can be withdrawn at any time.
 */
export function consentInviteEmail(facts: ConsentInviteFacts, locale: Locale): EmailMessage {
  const until = formatDate(facts.validUntil);
  const vi = locale === 'vi';
  const subject = vi
    ? `${facts.department} xin phép đọc tình trạng sản phẩm của shop trên ${facts.marketplaceName}`
    : `${facts.department} asks to read your products' status on ${facts.marketplaceName}`;
  const paragraphs = vi
    ? [
        `Kính gửi ${facts.producerName},`,
        `${facts.department} đang theo dõi sản phẩm OCOP "${facts.productName}" trên ${facts.marketplaceName}. Để biết chính xác sản phẩm còn bán, còn hàng${facts.readsSales ? ' và đã bán bao nhiêu' : ''}, Sở xin anh/chị cho phép đọc dữ liệu shop trên ${facts.marketplaceName}: chỉ trạng thái sản phẩm, tồn kho${facts.readsSales ? ' và số lượng đã bán' : ''} — không đọc thông tin người mua.`,
        `Xem chi tiết và đồng ý (hoặc không) tại: ${facts.link}`,
        `Liên kết dùng được đến ngày ${until}. Anh/chị có thể rút lại sự đồng ý bất cứ lúc nào bằng chính liên kết này.`,
      ]
    : [
        `Dear ${facts.producerName},`,
        `${facts.department} follows your OCOP product "${facts.productName}" on ${facts.marketplaceName}. To know exactly whether it is on sale${facts.readsSales ? ', in stock and how much it sold' : ' and in stock'}, we ask your permission to read your shop's record on ${facts.marketplaceName}: item status${facts.readsSales ? ', stock and sales counts' : ' and stock'} only — never your buyers' data.`,
        `Read more and decide at: ${facts.link}`,
        `The link works until ${until}. You can withdraw your consent at any time with the same link.`,
      ];
  const text = paragraphs.join('\n\n');
  const html = paragraphs
    .map((line) =>
      line.includes(facts.link)
        ? `<p>${escapeHtml(line.replace(facts.link, ''))}<a href="${escapeHtml(facts.link)}">${escapeHtml(facts.link)}</a></p>`
        : `<p>${escapeHtml(line)}</p>`,
    )
    .join('\n');
  return { subject, text, html };
}

/** The invitation as an SMS: the shortest honest sentence and the link (the channel folds diacritics unless told not to). */
export function consentInviteSms(facts: ConsentInviteFacts, locale: Locale): string {
  return locale === 'vi'
    ? `${facts.department} xin phép đọc trạng thái, tồn kho${facts.readsSales ? ', số đã bán' : ''} của shop ${facts.marketplaceName} (không đọc thông tin người mua). Xem và đồng ý: ${facts.link}`
    : `${facts.department} asks to read your ${facts.marketplaceName} shop's item status${facts.readsSales ? ', stock and sales' : ' and stock'} (never buyers' data). Read and decide: ${facts.link}`;
}
