import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SellerTokens } from '@ocop-monitor/adapters';

/**
 * The key that seals seller tokens at rest: 32 bytes, given as 64 hex digits or base64 (from
 * `OCOP_SELLER_TOKEN_KEY` or the file `OCOP_SELLER_TOKEN_KEY_FILE` names). Throws naming the
 * variable and what is wrong — never the value.
 */
export function sellerTokenKey(text: string, variable = 'OCOP_SELLER_TOKEN_KEY'): Buffer {
  const trimmed = text.trim();
  const hex = /^[0-9a-f]{64}$/iu.test(trimmed);
  const base64 = /^[A-Za-z0-9+/]{43}=$/u.test(trimmed) || /^[A-Za-z0-9_-]{43}$/u.test(trimmed);
  if (!hex && !base64)
    throw new Error(`${variable} must be 32 bytes, as 64 hex digits or base64 (openssl rand -hex 32)`);
  const key = Buffer.from(trimmed, hex ? 'hex' : trimmed.endsWith('=') ? 'base64' : 'base64url');
  // A key of one repeated byte, or a short pattern repeated, is a placeholder, not a secret.
  if (key.length !== 32 || new Set(key).size < 8)
    throw new Error(`${variable} is not a random key: make one with openssl rand -hex 32`);
  return key;
}

/** A shop's tokens sealed with AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>`, base64url; the shop id is bound in. */
export function sealTokens(tokens: SellerTokens, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`seller-tokens:${tokens.shopId}`));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(tokens), 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), sealed]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/** The tokens `sealTokens` sealed for `shopId`; throws when the key, the shop or the bytes differ. */
export function openTokens(sealed: string, shopId: string, key: Buffer): SellerTokens {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || !data) throw new Error('not sealed seller tokens');
  const authTag = Buffer.from(tag, 'base64url');
  if (authTag.length !== 16) throw new Error('not sealed seller tokens');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
  decipher.setAAD(Buffer.from(`seller-tokens:${shopId}`));
  decipher.setAuthTag(authTag);
  const plain = Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  return JSON.parse(plain) as SellerTokens;
}
