import type { Lang } from './words.ts';

/**
 * The code a clerk looks a product up by: the national id, else the province's code, else the
 * OCOP certificate's number; never the store's internal id, which means nothing outside it.
 */
export function productCode(
  product: { nationalId: string | null; localCode: string | null; certificateNumber?: string | null | undefined },
  lang: Lang = 'vi',
): string {
  if (product.nationalId) return product.nationalId;
  if (product.localCode) return product.localCode;
  if (product.certificateNumber) return `${lang === 'vi' ? 'GCN số' : 'certificate no.'} ${product.certificateNumber}`;
  return lang === 'vi' ? 'chưa có mã' : 'no code yet';
}
