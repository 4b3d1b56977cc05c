import { foldSearchKey, toNfc } from '@ocop-monitor/adapters';
import type { ImportProblem } from './import-report.ts';
import {
  addMonths,
  type Parsed,
  parseChannels,
  parseDate,
  parseEmail,
  parseName,
  parsePhone,
  parseProducerType,
  parseStars,
  parseStatus,
} from './parse-values.ts';
import { headerOf, PRODUCT_FIELDS, PRODUCT_GROUPS } from './template.ts';

export interface ProductInput {
  nationalId: string | null;
  localCode: string | null;
  name: string;
  searchKey: string;
  productGroup: string;
  subGroup: string | null;
  classificationVersion: string;
  stars: number;
  producer: {
    key: string;
    name: string;
    type: string;
    taxCode: string | null;
    contactPerson: string | null;
    phone: string | null;
    zaloPhone: string | null;
    email: string | null;
    channels: string[];
  };
  decisionNumber: string | null;
  decisionDate: string | null;
  issuingAuthority: string | null;
  certificateNumber: string | null;
  certifiedDate: string;
  expiryDate: string;
  status: string;
  provinceCode: string;
  communeCode: string | null;
  /** Optional: a file without it leaves the names already stored. */
  communeName: string | null;
  codeTableVersion: string;
}

type Field = keyof typeof PRODUCT_FIELDS;

/** Validates one row; every problem names its column. */
export function validateProductRow(
  rowNumber: number,
  get: (field: Field) => string,
): { input: ProductInput | null; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const fail = (field: Field, problem: string) =>
    problems.push({ row: rowNumber, column: headerOf(PRODUCT_FIELDS, field), problem });
  const required = (field: Field): string => {
    const value = get(field);
    if (!value) fail(field, 'bắt buộc / required');
    return value;
  };
  const optional = <T>(field: Field, parse: (text: string) => Parsed<T>): T | null => {
    const text = get(field);
    if (!text) return null;
    const parsed = parse(text);
    if (!parsed.ok) fail(field, parsed.problem);
    return parsed.ok ? parsed.value : null;
  };
  const nationalId = get('nationalId') || null;
  const localCode = get('localCode') || null;
  if (!nationalId && !localCode)
    fail('nationalId', 'cần mã quốc gia hoặc mã địa phương / a national id or a local code is required');
  const name = toNfc(required('name'));
  const classificationVersion = get('classificationVersion') || 'QĐ 148/2023';
  const groups = PRODUCT_GROUPS[classificationVersion];
  const groupText = required('productGroup');
  const productGroup = groups?.find((group) => foldSearchKey(group) === foldSearchKey(groupText));
  if (!groups) fail('classificationVersion', `"${classificationVersion}": dùng QĐ 148/2023 hoặc QĐ 490/2018`);
  else if (groupText && !productGroup)
    fail('productGroup', `"${groupText}" không thuộc danh mục ${classificationVersion}: ${groups.join('; ')}`);
  const stars = required('stars') ? optional('stars', parseStars) : null;
  const producerName = toNfc(required('producerName'));
  const producerType = required('producerType') ? optional('producerType', parseProducerType) : null;
  const certified = required('certifiedDate') ? optional('certifiedDate', parseDate) : null;
  // Certificates are valid 36 months when the file does not say otherwise.
  const expiry = optional('expiryDate', parseDate) ?? (certified ? addMonths(certified, 36) : null);
  if (certified && expiry && expiry <= certified)
    fail('expiryDate', 'ngày hết hạn phải sau ngày chứng nhận / expiry must follow certification');
  const provinceCode = required('provinceCode');
  const taxCode = get('taxCode') || null;
  if (taxCode && !/^\d{10}(?:-\d{3})?$/u.test(taxCode))
    fail('taxCode', `"${taxCode}": mã số thuế có 10 hoặc 13 chữ số / 10 or 13 digits`);
  const phone = optional('phone', parsePhone);
  const zaloPhone = optional('zaloPhone', parsePhone);
  const email = optional('email', parseEmail);
  const channels = optional('channels', parseChannels) ?? [];
  const status = optional('status', parseStatus) ?? 'active';
  const decisionDate = optional('decisionDate', parseDate);
  // Commune names are published (reports, open data): plain names, no contact details.
  const communeName = optional('communeName', parseName);
  if (problems.length > 0 || !stars || !producerType || !certified || !expiry || !productGroup)
    return { input: null, problems };
  return {
    problems,
    input: {
      nationalId,
      localCode,
      name,
      searchKey: foldSearchKey(name),
      productGroup,
      subGroup: get('subGroup') || null,
      classificationVersion,
      stars,
      producer: {
        key: taxCode ? `tax:${taxCode}` : `name:${foldSearchKey(producerName)}`,
        name: producerName,
        type: producerType,
        taxCode,
        contactPerson: get('contactPerson') || null,
        phone,
        zaloPhone: zaloPhone ?? phone,
        email,
        channels,
      },
      decisionNumber: get('decisionNumber') || null,
      decisionDate,
      issuingAuthority: get('issuingAuthority') || null,
      certificateNumber: get('certificateNumber') || null,
      certifiedDate: certified,
      expiryDate: expiry,
      status,
      provinceCode,
      communeCode: get('communeCode') || null,
      communeName,
      codeTableVersion: get('codeTableVersion') || '2025',
    },
  };
}
