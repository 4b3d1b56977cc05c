import { detectChallenge } from './challenge.ts';

/**
 * What a page that may not be the product's own is, when that matters for evidence (DESIGN §4,
 * "Evidence is about that product"): a firewall or block page, a login page, an error page. Each
 * has explained a "removed" reading that was not one: a WAF answering 404, a session bounce to the
 * login page, a maintenance page at `/`.
 */

/** Firewalls and CDNs that answer a refused request with a page of their own, whatever the status. */
const BLOCK_MARKERS: ReadonlyArray<{ rule: string; pattern: RegExp }> = [
  { rule: 'block.access-denied', pattern: /access denied|truy c[aậ]p b[iị] t[uừ] ch[oố]i/iu },
  {
    rule: 'block.request-blocked',
    pattern:
      /request (?:was )?(?:rejected|blocked)|the requested url was rejected|your request has been blocked|y[eê]u c[aầ]u (?:c[uủ]a b[aạ]n )?(?:[dđ][aã] )?b[iị] ch[aặ]n/iu,
  },
  { rule: 'block.waf', pattern: /web application firewall|mod_?security|sucuri website firewall/iu },
  { rule: 'block.incapsula', pattern: /incapsula incident id|_incapsula_resource/iu },
  { rule: 'block.cloudflare-error', pattern: /cf-error-details|cloudflare ray id|ray id:\s*<|\bcf-ray\b/iu },
  { rule: 'block.akamai', pattern: /reference\s*#\d+\.[0-9a-f]+\.\d+/iu },
];

const LOGIN_PATH = /(?:^|\/)(?:login|log-in|signin|sign-in|dang-nhap|dangnhap|auth|sso)(?:[/.?]|$)/iu;
const LOGIN_MARKERS = [/<input\b[^>]*\btype=["']?password\b/iu, /<title>[^<]*(?:đăng nhập|login|log in|sign in)/iu];

const ERROR_MARKERS = [
  /<title>[^<]*(?:\b[45]\d\d\b|error|lỗi|bảo trì|maintenance|not found|không tìm thấy|service unavailable)/iu,
  /hệ thống đang bảo trì|he thong dang bao tri|đang nâng cấp hệ thống/iu,
];

/** A page that says the product is not sold where the caller is (TikTok Shop's 23002102, a region wall). */
const REGION_MARKERS = [
  /\b23002102\b/u,
  /not (?:for sale|available|sold|shipped) (?:in|to) (?:the|your) (?:region|country|area|location)/iu,
  /kh[oô]ng (?:kh[aả] d[uụ]ng|b[aá]n|h[oỗ] tr[oợ]|c[oó] s[aẵ]n|giao) (?:t[aạ]i|[oở]|cho|đến) (?:khu v[uự]c|qu[oố]c gia|v[uù]ng)/iu,
];

/** A maintenance or "service unavailable" page, whatever status it came with: the site is down, not the product. */
const MAINTENANCE_MARKERS = [
  /b[aả]o tr[iì]|đang nâng cấp|dang nang cap|under maintenance|maintenance mode|scheduled maintenance/iu,
  /service (?:temporarily )?unavailable|temporarily unavailable|under construction/iu,
];

const head = (body: string) => (body.length > 200_000 ? body.slice(0, 200_000) : body);

/** The rule name of a challenge or firewall/block page, or null. */
export function detectBlockPage(body: string): string | null {
  const text = head(body);
  return detectChallenge(text) ?? BLOCK_MARKERS.find(({ pattern }) => pattern.test(text))?.rule ?? null;
}

/** `login` when the address or the page is a login form. */
export function detectLoginPage(body: string, url: URL): 'login' | null {
  if (LOGIN_PATH.test(url.pathname)) return 'login';
  const text = head(body);
  return LOGIN_MARKERS.some((pattern) => pattern.test(text)) ? 'login' : null;
}

/** `error` when the page is an error or maintenance page served with 200. */
export function detectErrorPage(body: string): 'error' | null {
  const text = head(body);
  return ERROR_MARKERS.some((pattern) => pattern.test(text)) ? 'error' : null;
}

/** `region` when the page says the product is not sold where the caller is. */
export function detectRegionPage(body: string): 'region' | null {
  const text = head(body);
  return REGION_MARKERS.some((pattern) => pattern.test(text)) ? 'region' : null;
}

/** `maintenance` when the page says the site is under maintenance or unavailable. */
export function detectMaintenancePage(body: string): 'maintenance' | null {
  const text = head(body);
  return MAINTENANCE_MARKERS.some((pattern) => pattern.test(text)) ? 'maintenance' : null;
}

/**
 * True when an HTML document was cut off: it opened `<html>` and never closed it. What the missing
 * part said (the rest of a "temporary" notice, the product itself) is unknown, so the page proves
 * nothing but what it already showed on sale.
 */
export function isCutOff(body: string): boolean {
  return /<html[\s>]/iu.test(body) && !/<\/html\s*>/iu.test(body);
}

/**
 * Query parameters that carry a way back: a session or login bounce sends the visitor home or to
 * a login form with where it came from, which no removal does.
 */
const RETURN_PARAMETERS = new Set([
  'return',
  'returnurl',
  'return_url',
  'returnto',
  'return_to',
  'redirect',
  'redirect_uri',
  'redirect_url',
  'redirecturl',
  'redirectto',
  'next',
  'continue',
  'callback',
  'callbackurl',
  'back',
  'backurl',
  'back_url',
  'goto',
  'destination',
  'target',
  'from',
  'login',
  'sso',
]);

/** True when `url` carries a return address (a named parameter, or any value naming a path or URL). */
export function hasReturnAddress(url: URL, productPath: string): boolean {
  for (const [name, value] of url.searchParams) {
    if (RETURN_PARAMETERS.has(name.toLowerCase())) return true;
    if (value.includes(productPath) || /^(?:https?:)?\/\//iu.test(value)) return true;
  }
  return false;
}
