import { createHmac } from 'node:crypto';

/**
 * TikTok Shop Partner API's request signature: HMAC-SHA256 with the app secret of the app secret,
 * the request path, every query parameter but `sign` and `access_token` sorted by name as name +
 * value, the body (JSON requests), and the app secret again — as lowercase hex
 * (partner.tiktokshop.com, "Sign your API request").
 */
export function tiktokSignature(input: {
  appSecret: string;
  path: string;
  params: Record<string, string>;
  body?: string;
}): string {
  const sorted = Object.keys(input.params)
    .filter((name) => name !== 'sign' && name !== 'access_token')
    .sort()
    .map((name) => `${name}${input.params[name]}`)
    .join('');
  const base = `${input.appSecret}${input.path}${sorted}${input.body ?? ''}${input.appSecret}`;
  return createHmac('sha256', input.appSecret).update(base, 'utf8').digest('hex');
}
