import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MASKED, maskPersonalData } from './personal-data.ts';

const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);
const digitString = (length: number) =>
  fc.array(pick('0123456789'.split('')), { minLength: length, maxLength: length });

/** A Vietnamese phone as shops write it, and its subscriber digits (what must not survive). */
const phone = fc
  .record({
    network: pick(['3', '5', '7', '8', '9']),
    rest: digitString(8),
    prefix: pick(['0', '+84', '84', '+84 ', '(+84) ', '+84 (0)', '(0', '0']),
    separator: pick(['', ' ', '.', '-', ' - ']),
    grouping: pick([
      [3, 3, 3],
      [4, 3, 3],
      [2, 3, 4],
      [3, 2, 2, 2],
    ]),
    label: pick(['', 'SĐT ', 'SĐT', 'ĐT: ', 'Hotline ', 'Hotline: ', 'Zalo ', 'zalo:', 'Điện thoại: ', 'sdt ']),
    fullWidth: fc.boolean(),
  })
  .map(({ network, rest, prefix, separator, grouping, label, fullWidth }) => {
    const national = network + rest.join('');
    const groups: string[] = [];
    let at = 0;
    for (const size of grouping) {
      groups.push(national.slice(at, at + size));
      at += size;
    }
    let number = groups.join(separator);
    if (prefix === '(0') number = `(0${groups[0]})${separator || ' '}${groups.slice(1).join(separator)}`;
    else number = `${prefix}${number}`;
    if (fullWidth) number = number.replace(/\d/gu, (d) => String.fromCodePoint(0xff10 + Number(d)));
    return { text: `${label}${number}`, secret: national };
  });

/** An e-mail, plain or obfuscated the ways sellers dodge filters, and its local part. */
const email = fc
  .record({
    name: fc.stringMatching(/^[a-z]{2,7}$/u),
    digits: fc.stringMatching(/^[0-9]{2,4}$/u),
    dotted: fc.boolean(),
    domain: pick(['gmail.com', 'yahoo.com.vn', 'hoptac.vn', 'outlook.com']),
    at: pick(['@', '(at)', ' (at) ', '[at]', ' [at] ', '%40', '＠', ' a còng ']),
    dot: pick(['.', '(dot)', ' [dot] ', ' chấm ']),
    decomposed: fc.boolean(),
  })
  .map(({ name, digits, dotted, domain, at, dot, decomposed }) => {
    const local = dotted ? `${name}.${digits}` : `${name}${digits}`;
    const text = `${local}${at}${domain.split('.').join(dot)}`;
    return { text: decomposed ? text.normalize('NFD') : text, secret: local };
  });

const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Đặng', 'Bùi', 'Võ'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Minh', 'Thu', 'Đức'];
const GIVEN = ['Lan', 'Hoa', 'Tuấn', 'Hùng', 'Ngọc', 'Phượng', 'Dũng', 'Yến'];
/** A contact's name after the labels shops use, and the given name (what must not survive). */
const contact = fc
  .record({
    label: pick([
      'Chủ shop: ',
      'Chủ shop ',
      'Người liên hệ: ',
      'người liên hệ ',
      'Người bán: ',
      'Liên hệ: ',
      'LIÊN HỆ: ',
    ]),
    honorific: pick(['', 'anh ', 'chị ', 'Cô ']),
    surname: pick(SURNAMES),
    middle: pick(['', ...MIDDLE]),
    given: pick(GIVEN),
    decomposed: fc.boolean(),
  })
  .map(({ label, honorific, surname, middle, given, decomposed }) => {
    const name = [surname, middle, given].filter(Boolean).join(' ');
    const text = `${label}${honorific}${name}`;
    return { text: decomposed ? text.normalize('NFD') : text, secret: given };
  });

/** Text that is not personal and must come out as it went in. */
const kept = fc.oneof(
  fc.integer({ min: 1, max: 9_999 }).map((k) => `${new Intl.NumberFormat('vi-VN').format(k * 1000)} ₫`),
  fc.integer({ min: 1, max: 999 }).map((k) => `${new Intl.NumberFormat('vi-VN').format(k * 1000)}đ`),
  fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => {
    const [y, m, day] = d.toISOString().slice(0, 10).split('-');
    return `${day}/${m}/${y}`;
  }),
  fc.integer({ min: 0, max: 23 }).map((h) => `${String(h).padStart(2, '0')}:30`),
  fc.integer({ min: 50, max: 5_000 }).map((g) => `${g}g`),
  fc.integer({ min: 1, max: 95 }).map((kg) => `${Math.floor(kg / 10)},${kg % 10} kg`),
  fc
    .integer({ min: 2000, max: 2030 })
    .chain((y) => fc.integer({ min: 1, max: 999 }).map((n) => `OCOP-${y}-${String(n).padStart(4, '0')}`)),
  digitString(10).map((d) => `SKU 893${d.join('')}`),
  pick(['Trà xanh Tân Cương', 'Giao hàng toàn quốc', 'Mật ong rừng U Minh', 'đạt chuẩn OCOP 4 sao', 'còn hàng']),
);

const personal = fc.oneof(phone, email, contact);

describe('maskPersonalData', () => {
  it('masks every phone, e-mail and contact name in generated page text, and keeps prices, dates, weights and codes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(kept, personal, kept), { minLength: 1, maxLength: 6 }), (lines) => {
        // One line each: a personal fragment between two kept ones, as a page shows them.
        const masked = maskPersonalData(
          lines.map(([before, secret, after]) => `${before}, ${secret.text}, ${after}`).join('\n'),
        ).split('\n');
        lines.forEach(([before, secret, after], index) => {
          const line = masked[index] ?? '';
          expect(line.startsWith(`${before}, `), line).toBe(true);
          expect(line.endsWith(`, ${after}`), line).toBe(true);
          expect(line.replace(/\D/gu, ''), line).not.toContain(/^\d+$/u.test(secret.secret) ? secret.secret : '\u0000');
          expect(line.toLowerCase(), line).not.toContain(secret.secret.toLowerCase());
        });
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['SĐT0912345678', `SĐT${MASKED.phone}`],
    ['Zalo: +84 (0) 912.345.678', `Zalo: ${MASKED.phone}`],
    ['ĐT (024) 3825 1234', `ĐT ${MASKED.phone}`],
    ['lan [at] gmail [dot] com', MASKED.email],
    ['lan%40gmail.com', MASKED.email],
    ['Chủ shop: Nguyễn Văn Lan', `Chủ shop: ${MASKED.name}`],
    ['0912\u200b345\u200b678', MASKED.phone],
  ])('%s → %s', (text, expected) => {
    expect(maskPersonalData(text)).toBe(expected);
  });

  it('leaves a price that starts like a prefix, a date with its time and a barcode alone', () => {
    const text = 'Giá 84.000.000 ₫ ngày 09.12.2026 08:15, mã vạch 8936012345678, 1,5 kg';
    expect(maskPersonalData(text)).toBe(text);
  });
});
