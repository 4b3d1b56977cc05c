import { detectBlockPage, detectLoginPage, detectMaintenancePage } from '../landing-page.ts';
import { foldSearchKey } from '../text/normalize.ts';
import type { NotFoundAnswer } from './fingerprint.ts';
import { foldedWordsOf } from './says.ts';

/** Why an answer in the kept not-found template is still not the marketplace's answer about a product. */
export type NotThisAnswer =
  | { reason: 'server_error'; why: 'maintenance' | 'system-error' }
  | { reason: 'rate_limited'; why: 'too-fast' }
  | { reason: 'blocked'; why: 'session' | 'block' }
  | { reason: 'unexpected'; why: 'temporary' | 'product-on-sale' | 'other-words' };

// Folded words a site writes into its own frame when it is down, pacing, or asking to log in again.
const SYSTEM_ERROR =
  /\bloi (?:he thong|ket noi|may chu|co so du lieu)\b|sqlstate|\bdatabase\b|\bexception\b|stack trace/u;
const TOO_FAST = /truy cap qua nhanh|qua nhieu (?:yeu cau|luot truy cap)|too many requests|thu lai sau (?:it|\d)/u;
const SESSION = /phien (?:lam viec|dang nhap) (?:da )?het han|dang nhap lai|session (?:has )?expired|tai lai trang/u;
const TEMPORARY =
  /\btam (?:nghi|ngung|dung|thoi)\b|\bnghi tet\b|\bhen gap lai\b|\bquay lai sau\b|\bcho duyet\b|\bdang (?:duoc )?cap nhat\b/u;
// A price and a buy button: the page shows a product on sale, whatever its frame.
const PRICE = String.raw`\d[\d.,]*\s*(?:₫|d\b|vnd\b)`;
const BUY = String.raw`\b(?:mua ngay|them vao gio|dat mua|chon mua)\b`;
const ON_SALE = new RegExp(`${PRICE}[\\s\\S]{0,400}${BUY}|${BUY}[\\s\\S]{0,400}${PRICE}`, 'u');

/**
 * Whether a page whose fingerprint is a kept not-found answer says something else than "this
 * product is not here": the template is the site's frame, and a site writes its maintenance,
 * pacing, session, holiday and product pages into the same frame. Where the kept answer names its
 * sentence (`says`), the page must show it. Null: it is the marketplace's not-found answer.
 */
export function notThisAnswer(body: string, kept: NotFoundAnswer, productPath: string | null): NotThisAnswer | null {
  if (detectMaintenancePage(body)) return { reason: 'server_error', why: 'maintenance' };
  if (detectBlockPage(body)) return { reason: 'blocked', why: 'block' };
  if (productPath && detectLoginPage(body, new URL(productPath, 'http://x')))
    return { reason: 'blocked', why: 'session' };
  const words = foldedWordsOf(body);
  if (SYSTEM_ERROR.test(words)) return { reason: 'server_error', why: 'system-error' };
  if (TOO_FAST.test(words)) return { reason: 'rate_limited', why: 'too-fast' };
  if (SESSION.test(words)) return { reason: 'blocked', why: 'session' };
  if (TEMPORARY.test(words)) return { reason: 'unexpected', why: 'temporary' };
  if (ON_SALE.test(words)) return { reason: 'unexpected', why: 'product-on-sale' };
  if (
    kept.says &&
    !words.includes(
      foldSearchKey(kept.says)
        .replace(/[\p{P}\p{S}]+$/u, '')
        .trim(),
    )
  )
    return { reason: 'unexpected', why: 'other-words' };
  return null;
}
