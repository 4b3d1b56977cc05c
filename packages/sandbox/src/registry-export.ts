import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { UrlOf } from './truth.ts';
import type { Producer, ProducerType, World } from './world/types.ts';

/**
 * The registry import template (Vietnamese headers) that `ocop-monitor import` reads: one file of
 * products with their producers, one of listing URLs. Dates are dd/mm/yyyy as officials write them.
 */
export const PRODUCT_COLUMNS = [
  'Mã sản phẩm quốc gia',
  'Mã sản phẩm địa phương',
  'Tên sản phẩm',
  'Nhóm sản phẩm',
  'Phiên bản phân nhóm',
  'Số sao',
  'Tên chủ thể',
  'Loại chủ thể',
  'Mã số thuế',
  'Người liên hệ',
  'Điện thoại',
  'Zalo',
  'Email',
  'Kênh nhận thông báo',
  'Số quyết định',
  'Ngày quyết định',
  'Cơ quan ban hành',
  'Số giấy chứng nhận',
  'Ngày chứng nhận',
  'Ngày hết hạn',
  'Mã tỉnh',
  'Mã xã',
  'Tên xã',
  'Phiên bản bảng mã',
] as const;
export const LISTING_COLUMNS = ['Mã sản phẩm quốc gia', 'Mã sản phẩm địa phương', 'URL tin đăng'] as const;

const PRODUCER_TYPE_LABEL: Record<ProducerType, string> = {
  firm: 'Doanh nghiệp',
  cooperative: 'Hợp tác xã',
  cooperative_group: 'Tổ hợp tác',
  household: 'Hộ kinh doanh',
};

const vnDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

export function productRows(world: World): string[][] {
  const producers = new Map<string, Producer>(world.producers.map((producer) => [producer.id, producer]));
  const communes = new Map(world.communes.map((commune) => [commune.code, commune.name]));
  return world.products.map((product) => {
    const producer = producers.get(product.producerId);
    const channels = [producer?.phone ? 'zalo' : '', producer?.phone ? 'sms' : '', producer?.email ? 'email' : ''];
    return [
      product.nationalId,
      product.localCode,
      product.name,
      product.group,
      'QĐ 148/2023',
      String(product.stars),
      producer?.name ?? '',
      producer ? PRODUCER_TYPE_LABEL[producer.type] : '',
      producer?.taxCode ?? '',
      producer?.contactPerson ?? '',
      producer?.phone ?? '',
      producer?.phone ?? '',
      producer?.email ?? '',
      channels.filter(Boolean).join(';'),
      product.decisionNumber,
      vnDate(product.decisionDate),
      product.issuingAuthority,
      product.certificateNumber ?? '',
      vnDate(product.certifiedDate),
      vnDate(product.expiryDate),
      world.provinceCode,
      product.communeCode,
      communes.get(product.communeCode) ?? '',
      '2025',
    ];
  });
}

/** The listing URLs the province knows of (not those producers added without telling it). */
export function listingRows(world: World, urlOf: UrlOf): string[][] {
  const products = new Map(world.products.map((product) => [product.id, product]));
  return world.listings
    .filter((listing) => listing.knownToProvince && listing.listedOnDay <= world.day)
    .map((listing) => {
      const product = products.get(listing.productId);
      return [product?.nationalId ?? '', product?.localCode ?? '', urlOf(listing)];
    });
}

export function toCsv(columns: readonly string[], rows: string[][]): string {
  return stringify([columns as string[], ...rows], { bom: true });
}

export async function toXlsx(sheetName: string, columns: readonly string[], rows: string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow([...columns]);
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
