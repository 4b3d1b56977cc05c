import { createHmac } from 'node:crypto';

/**
 * Shopee Open Platform v2's request signature: HMAC-SHA256 with the partner key of the partner id,
 * the API path and the timestamp — followed by the access token and the shop id for calls made on
 * a shop's behalf — as lowercase hex (open.shopee.com, "Signature calculation").
 */
export function shopeeSignature(input: {
  partnerId: number;
  partnerKey: string;
  path: string;
  timestamp: number;
  accessToken?: string;
  shopId?: string;
}): string {
  const base = `${input.partnerId}${input.path}${input.timestamp}${input.accessToken ?? ''}${input.shopId ?? ''}`;
  return createHmac('sha256', input.partnerKey).update(base).digest('hex');
}
