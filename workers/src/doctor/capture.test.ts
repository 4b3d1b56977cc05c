import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capturePages, stripPersonalData } from './capture.ts';

// A mobile number's nine national digits, written the ways Vietnamese pages write them.
const phone = fc
  .record({
    national: fc.stringMatching(/^[35789]\d{8}$/u),
    prefix: fc.constantFrom('0', '+84', '84', '+84 ', '(+84) ', '(84) ', '84-', '+84.', '(0)'),
    grouping: fc.constantFrom([3, 3, 3], [2, 3, 4], [4, 3, 2], [9], [3, 2, 2, 2]),
    separator: fc.constantFrom(' ', '.', '-', '', ' - '),
    label: fc.constantFrom('', 'SĐT', 'SĐT: ', 'ĐT ', 'Hotline: ', 'Zalo ', 'Điện thoại: ', 'Liên hệ '),
  })
  .map(({ national, prefix, grouping, separator, label }) => {
    const parts: string[] = [];
    let at = 0;
    for (const size of grouping) {
      parts.push(national.slice(at, at + size));
      at += size;
    }
    return { national, written: `${label}${prefix}${parts.join(separator)}` };
  });

// An e-mail address, plain or obfuscated as pages do to dodge scrapers.
const email = fc
  .record({
    local: fc.stringMatching(/^[a-z]{6,10}$/u).map((s) => `zq${s}`),
    domain: fc.constantFrom('gmail', 'yahoo', 'htxchevang'),
    at: fc.constantFrom('@', '(at)', ' [at] ', '%40', '＠', ' a còng ', ' (@) '),
    dot: fc.constantFrom('.', '(dot)', ' [chấm] ', ' . '),
  })
  .map(({ local, domain, at, dot }) => ({ local, written: `${local}${at}${domain}${dot}com` }));

// A contact's name after the labels shops use.
const person = fc
  .record({
    family: fc.constantFrom('Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Võ'),
    middle: fc.constantFrom('Thị', 'Văn', 'Đức', 'Ngọc'),
    given: fc.constantFrom('Lan', 'Hùng', 'Thảo', 'Quý', 'Xuân'),
    label: fc.constantFrom('Chủ shop: ', 'Người liên hệ: ', 'Người bán ', 'Chủ cửa hàng - '),
  })
  .map(({ family, middle, given, label }) => ({
    name: `${family} ${middle} ${given}`,
    written: `${label}${family} ${middle} ${given}`,
  }));

const form = fc.constantFrom<(text: string) => string>(
  (text) => text,
  (text) => text.normalize('NFD'),
);

const digitsOnly = (text: string) => text.replace(/[\s.\-()+]/gu, '');

describe('doctor --capture keeps no person', () => {
  it('phones, e-mails and contact names leave bodies, attributes, scripts, JSON, file names and captured.json', () => {
    fc.assert(
      fc.property(phone, email, person, form, (tel, mail, contact, shape) => {
        const dir = mkdtempSync(join(tmpdir(), 'ocop-capture-prop-'));
        const page = `<!doctype html><html><head><title>Chè vằng Cam Lộ</title></head><body>
<main class="pdp"><h1 class="pdp-title">Chè vằng Cam Lộ</h1><span class="pdp-price">125.000 ₫</span>
<p class="contact">${shape(tel.written)} · ${shape(mail.written)}</p>
<p>${shape(contact.written)}</p>
<a class="call" href="tel:${tel.written.replace(/[^\d+]/gu, '')}" title="${shape(tel.written)}">Gọi</a>
<a class="mail" href="mailto:${mail.local}@gmail.com">Thư</a>
<script>var seller = { "hotline": "${tel.written}", "note": "${shape(mail.written)}" };</script>
</main></body></html>`;
        const api = JSON.stringify({ id: 1523, shop: { phone_number: tel.written, note: shape(contact.written) } });
        const pageUrl = `https://san.example.vn/sp/lien-he-0${tel.national}-zalo-84${tel.national}`;
        const folder = capturePages(dir, 'floor-test', [
          {
            response: {
              url: pageUrl,
              finalUrl: `${pageUrl}?email=${encodeURIComponent(`${mail.local}@gmail.com`)}`,
              redirects: [],
              status: 200,
              headers: { 'content-type': 'text/html; charset=utf-8' },
              body: page,
              bytes: page.length,
              sha256: '',
              durationMs: 1,
            },
            at: new Date(0),
            verdict: 'active',
            rule: 'floor-test.selectors',
          },
          {
            response: {
              url: 'https://san.example.vn/api/sp/1523',
              finalUrl: 'https://san.example.vn/api/sp/1523',
              redirects: [],
              status: 200,
              headers: { 'content-type': 'application/json' },
              body: api,
              bytes: api.length,
              sha256: '',
              durationMs: 1,
            },
            at: new Date(0),
            verdict: 'active',
            rule: 'floor-test.api',
          },
        ]);
        const files = readdirSync(folder);
        const kept = [files.join('\n'), ...files.map((file) => readFileSync(join(folder, file), 'utf8'))]
          .join('\n')
          .normalize('NFC');
        expect(digitsOnly(kept)).not.toContain(tel.national);
        expect(kept.toLowerCase()).not.toContain(mail.local);
        expect(kept).not.toContain(contact.name);
        // The layout the adapters read is kept as it was.
        expect(kept).toContain('<h1 class="pdp-title">Chè vằng Cam Lộ</h1>');
        expect(kept).toContain('125.000 ₫');
        expect(kept).toContain('"id":1523');
      }),
      { numRuns: 150 },
    );
  });
});

describe('doctor --capture: people written where a text-by-text mask does not look', () => {
  const strip = (html: string) => stripPersonalData(html, 'text/html').normalize('NFC');
  it.each([
    [
      'a comment',
      '<!-- đặt hàng gọi chị Lan 0912345678 hoặc lan.nguyen@gmail.com -->',
      ['0912345678', 'lan.nguyen', 'Lan'],
    ],
    ['a number split by markup', '<p>Hotline: <b>0912</b> 345 678</p>', ['0912']],
    ['a number split by dots and markup', '<p>SĐT: 0912.<span>345</span>.678</p>', ['0912']],
    ['a click handler', `<button onclick="goi('0987654321')">Gọi</button>`, ['0987654321']],
    ['a form address', '<form action="/dat-hang?sdt=0903111222"></form>', ['0903111222']],
    ['a button address', '<button formaction="/dat?email=hoa.tran%40yahoo.com">Đặt</button>', ['hoa.tran']],
    ['an image set', '<img srcset="/a.jpg?tel=0911222333 1x">', ['0911222333']],
    ['a name in its own element', '<p>Chủ shop: <b>Phạm Thị Hoa</b></p>', ['Phạm Thị Hoa']],
    ['a name in a link', '<p>Người bán: <a href="/gian-hang/hoa">Phạm Thị Hoa</a></p>', ['Phạm Thị Hoa']],
    ['the owner of a facility', '<p>Chủ cơ sở: Nguyễn Thị Lan</p>', ['Nguyễn Thị Lan']],
    ['a representative', '<p>Đại diện: ông Trần Văn Bình</p>', ['Trần Văn Bình']],
    ['a script', '<script>var seller = {"owner":"Nguyễn Thị Lan","id":3};</script>', ['Nguyễn Thị Lan']],
  ])('%s', (_, html, gone) => {
    const kept = strip(`<html><body><div class="pdp"><span class="price">125.000 ₫</span>${html}</div></body></html>`);
    for (const person of gone) expect(kept).not.toContain(person);
    expect(kept).toContain('<span class="price">125.000 ₫</span>');
  });

  it("keys of the registry's people in JSON: representative, nguoi_dai_dien, ten_chu_cs", () => {
    const api = stripPersonalData(
      JSON.stringify({
        manufacturer: { representative: 'Nguyễn Văn An', nguoi_dai_dien: 'Lê Thị Bình', ten_chu_cs: 'Võ Văn Cường' },
      }),
      'application/json',
    );
    for (const name of ['Nguyễn Văn An', 'Lê Thị Bình', 'Võ Văn Cường']) expect(api).not.toContain(name);
  });
});
