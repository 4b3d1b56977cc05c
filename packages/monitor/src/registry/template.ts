import { foldSearchKey } from '@ocop-monitor/adapters';

/**
 * The registry import template: Vietnamese headers as officials write them, with English aliases.
 * Header matching ignores case and diacritics ("ma san pham quoc gia" works). The sandbox exports
 * this format; examples/ has a template and a sample.
 */
export const PRODUCT_FIELDS = {
  nationalId: ['Mã sản phẩm quốc gia', 'national_id'],
  localCode: ['Mã sản phẩm địa phương', 'local_code'],
  name: ['Tên sản phẩm', 'product_name', 'name'],
  productGroup: ['Nhóm sản phẩm', 'product_group'],
  subGroup: ['Phân nhóm', 'sub_group'],
  classificationVersion: ['Phiên bản phân nhóm', 'classification_version'],
  stars: ['Số sao', 'stars'],
  producerName: ['Tên chủ thể', 'producer_name', 'producer'],
  producerType: ['Loại chủ thể', 'producer_type'],
  taxCode: ['Mã số thuế', 'tax_code'],
  contactPerson: ['Người liên hệ', 'contact_person'],
  phone: ['Điện thoại', 'phone'],
  zaloPhone: ['Zalo', 'zalo_phone'],
  email: ['Email', 'e-mail'],
  channels: ['Kênh nhận thông báo', 'channels'],
  decisionNumber: ['Số quyết định', 'decision_number'],
  decisionDate: ['Ngày quyết định', 'decision_date'],
  issuingAuthority: ['Cơ quan ban hành', 'issuing_authority'],
  certificateNumber: ['Số giấy chứng nhận', 'certificate_number'],
  certifiedDate: ['Ngày chứng nhận', 'certified_date'],
  expiryDate: ['Ngày hết hạn', 'expiry_date'],
  status: ['Trạng thái', 'status'],
  provinceCode: ['Mã tỉnh', 'province_code'],
  communeCode: ['Mã xã', 'commune_code'],
  communeName: ['Tên xã', 'commune_name'],
  codeTableVersion: ['Phiên bản bảng mã', 'code_table_version'],
} as const;

export const LISTING_FIELDS = {
  nationalId: PRODUCT_FIELDS.nationalId,
  localCode: PRODUCT_FIELDS.localCode,
  url: ['URL tin đăng', 'listing_url', 'url'],
} as const;

export type FieldTable = Record<string, readonly string[]>;

/** Which column of the file holds each field; unknown headers are reported, not guessed. */
export function mapHeaders<T extends FieldTable>(
  headers: readonly string[],
  fields: T,
): { columns: Partial<Record<keyof T, number>>; unknown: string[] } {
  const byKey = new Map<string, keyof T>();
  for (const [field, names] of Object.entries(fields)) for (const name of names) byKey.set(foldSearchKey(name), field);
  const columns: Partial<Record<keyof T, number>> = {};
  const unknown: string[] = [];
  headers.forEach((header, index) => {
    const field = byKey.get(foldSearchKey(header.replace(/^\uFEFF/u, '')));
    if (field === undefined) {
      if (header.trim() !== '') unknown.push(header);
    } else if (columns[field] === undefined) columns[field] = index;
  });
  return { columns, unknown };
}

/** The Vietnamese header of a field, for messages. */
export function headerOf(fields: FieldTable, field: string): string {
  return fields[field]?.[0] ?? field;
}

/** Product groups by classification (QĐ 148/2023 replaced QĐ 490/2018's list). */
export const PRODUCT_GROUPS: Record<string, readonly string[]> = {
  'QĐ 148/2023': [
    'Thực phẩm',
    'Đồ uống',
    'Thảo dược',
    'Vải và may mặc',
    'Lưu niệm - Nội thất - Trang trí',
    'Dịch vụ du lịch cộng đồng và điểm du lịch',
  ],
  'QĐ 490/2018': [
    'Thực phẩm',
    'Đồ uống',
    'Thảo dược',
    'Vải và may mặc',
    'Lưu niệm - Nội thất - Trang trí',
    'Dịch vụ du lịch nông thôn và bán hàng',
  ],
};
