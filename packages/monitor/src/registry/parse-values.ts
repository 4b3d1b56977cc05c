import { foldSearchKey, MASKED, maskPersonalData } from '@ocop-monitor/adapters';

/** A value that failed its check, said so that an official can fix the cell. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (problem: string): Parsed<never> => ({ ok: false, problem });

/** dd/mm/yyyy (how officials write dates), d/m/yyyy, dd-mm-yyyy or yyyy-mm-dd → yyyy-mm-dd. */
export function parseDate(text: string): Parsed<string> {
  let match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/u.exec(text);
  let [year, month, day] = match ? [match[3], match[2], match[1]] : [undefined, undefined, undefined];
  if (!match) {
    match = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(text);
    if (match) [year, month, day] = [match[1], match[2], match[3]];
  }
  if (!year || !month || !day) return bad(`"${text}" không phải ngày dd/mm/yyyy / is not a date (dd/mm/yyyy)`);
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) {
    return bad(`"${text}" không phải ngày có thật / is not a real date`);
  }
  return ok(iso);
}

export function addMonths(isoDate: string, months: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.toISOString().slice(0, 10);
}

/** Vietnamese phone numbers to E.164: 0912 345 678 → +84912345678. */
export function parsePhone(text: string): Parsed<string> {
  const digits = text.replace(/[\s.()-]/gu, '');
  const national = digits.startsWith('+84')
    ? digits.slice(3)
    : digits.startsWith('84') && digits.length === 11
      ? digits.slice(2)
      : digits.replace(/^0/u, '');
  if (!/^[35789]\d{8}$/u.test(national) && !/^2\d{9}$/u.test(national)) {
    return bad(`"${text}" không phải số điện thoại Việt Nam / is not a Vietnamese phone number`);
  }
  return ok(`+84${national}`);
}

export function parseStars(text: string): Parsed<3 | 4 | 5> {
  const stars = Number.parseInt(text.replace(/\s*(sao|★)\s*$/iu, ''), 10);
  return stars === 3 || stars === 4 || stars === 5
    ? ok(stars)
    : bad(`"${text}": số sao phải là 3, 4 hoặc 5 / stars must be 3, 4 or 5`);
}

const PRODUCER_TYPES: Record<string, string> = {
  'doanh nghiep': 'firm',
  'cong ty': 'firm',
  firm: 'firm',
  'hop tac xa': 'cooperative',
  htx: 'cooperative',
  cooperative: 'cooperative',
  'to hop tac': 'cooperative_group',
  'cooperative group': 'cooperative_group',
  cooperative_group: 'cooperative_group',
  'ho kinh doanh': 'household',
  'ho san xuat': 'household',
  household: 'household',
};

export function parseProducerType(text: string): Parsed<string> {
  const type = PRODUCER_TYPES[foldSearchKey(text)];
  return type
    ? ok(type)
    : bad(`"${text}": loại chủ thể là Doanh nghiệp, Hợp tác xã, Tổ hợp tác hoặc Hộ kinh doanh / unknown producer type`);
}

const CHANNELS = new Set(['zalo', 'sms', 'email']);
export function parseChannels(text: string): Parsed<string[]> {
  const channels = text
    .split(/[;,\s]+/u)
    .map((channel) => foldSearchKey(channel).replace('e-mail', 'email'))
    .filter(Boolean);
  const unknown = channels.find((channel) => !CHANNELS.has(channel));
  return unknown
    ? bad(`"${unknown}": kênh là zalo, sms, email / channels are zalo, sms, email`)
    : ok([...new Set(channels)]);
}

export function parseStatus(text: string): Parsed<'active' | 'revoked'> {
  const key = foldSearchKey(text);
  if (key === '' || key === 'active' || key === 'hieu luc' || key === 'con hieu luc') return ok('active');
  if (key === 'revoked' || key === 'thu hoi' || key === 'bi thu hoi') return ok('revoked');
  return bad(`"${text}": trạng thái là "Hiệu lực" hoặc "Thu hồi" / status is active or revoked`);
}

export function parseEmail(text: string): Parsed<string> {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/u.test(text)
    ? ok(text.toLowerCase())
    : bad(`"${text}" không phải e-mail / is not an e-mail address`);
}

// Characters no name has: control and format characters (line breaks, bidi overrides, zero-width).
const NOT_IN_A_NAME = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/**
 * A place or person's name as it is published (open data, reports, pages): plain text — no HTML,
 * no control characters — and no phone number or e-mail address, which are personal data that
 * would be published with it. A name that fails says why, in the words an official can act on.
 */
export function parseName(text: string): Parsed<string> {
  const name = text.normalize('NFC').trim();
  if (NOT_IN_A_NAME.test(name))
    return bad('có ký tự điều khiển hoặc xuống dòng / holds control characters or a line break');
  if (/[<>]/u.test(name)) return bad(`"${name}": tên không được chứa < hoặc > (HTML) / a name holds no HTML`);
  const masked = maskPersonalData(name);
  if (masked.includes(MASKED.phone))
    return bad(`"${name}": tên không được chứa số điện thoại / a name holds no phone number`);
  if (masked.includes(MASKED.email))
    return bad(`"${name}": tên không được chứa địa chỉ email / a name holds no e-mail address`);
  if (name.length > 100) return bad('tên dài quá 100 ký tự / a name has at most 100 characters');
  return ok(name);
}
