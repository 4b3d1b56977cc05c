import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CapturedPage } from '@ocop-monitor/adapters/testing';
import * as cheerio from 'cheerio';
import type { RecordedPage } from './recording-client.ts';

const EMAIL = /[\p{L}\d._%+-]+@[\p{L}\d-]+(?:\.[\p{L}\d-]+)+/gu;
// Vietnamese phone numbers as pages write them: 0912 345 678, 0912.345.678, +84 912 345 678, (0235) 3855 666.
const PHONE = /(?<![\w.])(?:\+84|\(?0)\d{1,3}\)?(?:[\s.-]?\d){6,9}(?![\w])/gu;
// Where pages keep what buyers wrote and who they are.
const PEOPLE =
  '[class*=review], [class*=comment], [class*=rating-item], [class*=danh-gia], [class*=binh-luan], [id*=review], [id*=comment]';
const PERSON_KEYS =
  /(?:^|_)(?:customer|author|buyer|reviewer|user|created_by|full)_?name$|^(?:phone|email|tel|mobile)$/iu;
const REMOVED = '[đã xoá / removed]';

/** A JSON answer with the values of keys that name or reach a person replaced. */
function stripJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripJson);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        PERSON_KEYS.test(key) && typeof inner === 'string' ? REMOVED : stripJson(inner),
      ]),
    );
  return typeof value === 'string' ? stripText(value) : value;
}

const stripText = (text: string) => text.replace(EMAIL, 'email@example.invalid').replace(PHONE, '0900000000');

/**
 * A page as it may be kept in a repository: phone numbers and e-mail addresses replaced, reviews
 * and comments (where buyers' names are) emptied, JSON keys that name a person blanked. The rest —
 * the layout the adapters read — is left exactly as the marketplace sent it.
 */
export function stripPersonalData(body: string, contentType: string): string {
  if (/json/iu.test(contentType)) {
    try {
      return JSON.stringify(stripJson(JSON.parse(body)));
    } catch {
      return stripText(body);
    }
  }
  if (!/html/iu.test(contentType)) return stripText(body);
  const $ = cheerio.load(body);
  $(PEOPLE).each((_, element) => {
    $(element).text(REMOVED);
  });
  return stripText($.html());
}

/** A file name for a page: its order, its status and the tail of its path, safe on any disk. */
function fileName(index: number, page: RecordedPage): string {
  const path = new URL(page.response.url).pathname.replace(/[^a-zA-Z0-9.-]+/gu, '-').replace(/^-|-$/gu, '');
  const extension = /json/iu.test(page.response.headers['content-type'] ?? '') ? 'json' : 'html';
  return `${String(index + 1).padStart(2, '0')}-${page.response.status}-${path.slice(-60) || 'home'}.${extension}`;
}

/**
 * Saves one marketplace's pages under `dir/<marketplace>/`, each body stripped of personal data,
 * and `captured.json` with the URL, status, headers, time and the verdict each check got: the
 * layout `capturedRoutes` (from `@ocop-monitor/adapters/testing`) serves to the conformance kit.
 */
export function capturePages(
  dir: string,
  marketplace: string,
  pages: Array<RecordedPage & { verdict: string; rule: string }>,
): string {
  const folder = join(dir, marketplace);
  mkdirSync(folder, { recursive: true });
  const index: CapturedPage[] = pages.map((page, i) => {
    const file = fileName(i, page);
    const contentType = page.response.headers['content-type'] ?? '';
    writeFileSync(join(folder, file), stripPersonalData(page.response.body, contentType));
    return {
      url: page.response.url,
      finalUrl: page.response.finalUrl,
      status: page.response.status,
      headers: {
        'content-type': contentType,
        ...(page.response.headers.location ? { location: page.response.headers.location } : {}),
      },
      capturedAt: page.at.toISOString(),
      verdict: page.verdict,
      matchedRule: page.rule,
      file,
    };
  });
  writeFileSync(join(folder, 'captured.json'), `${JSON.stringify(index, null, 2)}\n`);
  return folder;
}
