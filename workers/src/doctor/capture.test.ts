import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capturePages } from './capture.ts';

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
