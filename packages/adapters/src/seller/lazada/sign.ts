import { createHmac } from 'node:crypto';

/**
 * Lazada Open Platform's request signature: HMAC-SHA256 with the app secret of the API path (without
 * the `/rest` prefix) followed by every parameter but `sign`, sorted by name, each as name + value —
 * as uppercase hex (open.lazada.com, "Signature algorithm").
 */
export function lazadaSignature(input: { appSecret: string; apiPath: string; params: Record<string, string> }): string {
  const sorted = Object.keys(input.params)
    .filter((name) => name !== 'sign')
    .sort()
    .map((name) => `${name}${input.params[name]}`)
    .join('');
  return createHmac('sha256', input.appSecret).update(`${input.apiPath}${sorted}`, 'utf8').digest('hex').toUpperCase();
}
