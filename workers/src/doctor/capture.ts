import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { maskPersonalData } from '@ocop-monitor/adapters';
import type { CapturedPage } from '@ocop-monitor/adapters/testing';
import * as cheerio from 'cheerio';
import type { RecordedPage } from './recording-client.ts';

// Where pages keep what buyers wrote and who they are.
const PEOPLE =
  '[class*=review], [class*=comment], [class*=rating-item], [class*=danh-gia], [class*=binh-luan], [id*=review], [id*=comment]';
// Keys that name or reach a person, in English and in the registry's and floors' Vietnamese.
const PERSON_KEYS =
  /(?:^|_)(?:customer|author|buyer|reviewer|user|created_by|full|contact|owner|seller)_?name$|^(?:owner|representative|contact|contact_person|legal_representative|nguoi_dai_dien|dai_dien|ten_chu_cs|ten_chu_co_so|chu_co_so|chu_ho|nguoi_lien_he)$|^(?:phone|email|tel|mobile|hotline|zalo|sdt|dien_thoai)(?:_?number)?$/iu;
const REMOVED = '[đã xoá / removed]';

/** A JSON answer with the values of keys that name or reach a person replaced, and every string masked. */
function stripJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripJson);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        PERSON_KEYS.test(key) && (typeof inner === 'string' || typeof inner === 'number') ? REMOVED : stripJson(inner),
      ]),
    );
  return typeof value === 'string' ? maskPersonalData(value) : value;
}

// Attributes that only style or name the markup the adapters read; every other attribute
// (links, forms, handlers, srcset, data-*) may carry a person and is masked.
const LAYOUT_ATTRIBUTES = new Set([
  'class',
  'id',
  'style',
  'type',
  'rel',
  'lang',
  'dir',
  'width',
  'height',
  'itemprop',
  'itemtype',
  'itemscope',
  'role',
]);
const ADDRESS_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'poster', 'data-src', 'data-href']);
// A price in a text: where it is, digits are never flattened (the layout reads them).
const PRICE_TEXT = /\d[\d.,\s]*(?:₫|đ|vnđ|vnd)/iu;
// Keys of a person inside a script's JSON-like text: "owner":"Nguyễn Thị Lan".
const SCRIPT_PERSON =
  /"((?:customer|seller|owner|contact|full|buyer)_?name|owner|representative|contact(?:_person)?|nguoi_dai_dien|dai_dien|ten_chu_cs|chu_co_so|phone|email|hotline|zalo|sdt|tel|mobile)"\s*:\s*"[^"]*"/giu;

/**
 * The element's text read across its children ("Hotline: <b>0912</b> 345 678", "Chủ shop: <b>Lan</b>"):
 * where only the whole says a person, the smallest element holding it has its words masked —
 * flattened when it holds no price, its digits hidden otherwise.
 */
function maskAcrossNodes($: cheerio.CheerioAPI): void {
  const elements = $('body *').toArray().reverse(); // innermost first
  const done = new Set<unknown>();
  for (const element of elements) {
    if (element.type !== 'tag' || ['script', 'style'].includes(element.name)) continue;
    if (
      $(element)
        .parents()
        .toArray()
        .some((parent) => done.has(parent))
    )
      continue;
    const text = $(element).text();
    if (text.length > 600 || maskPersonalData(text) === text.normalize('NFKC')) continue;
    if (
      $(element)
        .find('*')
        .toArray()
        .some((inner) => done.has(inner))
    )
      continue;
    if (PRICE_TEXT.test(text))
      $(element)
        .find('*')
        .addBack()
        .contents()
        .each((_, node) => {
          if (node.type === 'text' && !PRICE_TEXT.test(node.data)) node.data = node.data.replace(/\d/gu, '•');
        });
    else $(element).text(maskPersonalData(text));
    done.add(element);
  }
}

/** An address with any phone or e-mail in it masked, still an address the replay can serve. */
function stripAddress(url: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(url);
  } catch {
    decoded = url;
  }
  const masked = maskPersonalData(decoded);
  if (masked === decoded.normalize('NFKC')) return url;
  // The masks' words become a plain token: an address keeps its shape, only the person is gone.
  return encodeURI(masked.replace(/\[[^\]]*đã ẩn\]/gu, 'da-an'));
}

/**
 * A page as it may be kept in a repository: phones (every Vietnamese form), e-mails (obfuscated
 * ones too) and contact names masked in every text node, attribute and script, reviews and
 * comments (where buyers' names are) emptied, JSON keys that name a person blanked. The markup —
 * the layout the adapters read — is left as the marketplace sent it.
 */
export function stripPersonalData(body: string, contentType: string): string {
  if (/json/iu.test(contentType)) {
    try {
      return JSON.stringify(stripJson(JSON.parse(body)));
    } catch {
      return maskPersonalData(body);
    }
  }
  if (!/html/iu.test(contentType)) return maskPersonalData(body);
  const $ = cheerio.load(body);
  $(PEOPLE).each((_, element) => {
    $(element).text(REMOVED);
  });
  // Comments are for the site's developers, and sometimes hold a phone: none is kept.
  $('*')
    .contents()
    .filter((_, node) => node.type === 'comment')
    .remove();
  $('*').each((_, element) => {
    if (element.type !== 'tag' && element.type !== 'script' && element.type !== 'style') return;
    for (const [name, value] of Object.entries(element.attribs)) {
      if (LAYOUT_ATTRIBUTES.has(name)) continue;
      const masked = ADDRESS_ATTRIBUTES.has(name) ? stripAddress(value) : maskPersonalData(value);
      if (masked !== value.normalize('NFKC') && masked !== value) element.attribs[name] = masked;
    }
    for (const child of element.children)
      if (child.type === 'text') {
        const person = element.type === 'script' ? child.data.replace(SCRIPT_PERSON, '"$1":"[đã xoá]"') : child.data;
        const masked = maskPersonalData(person);
        if (masked !== child.data.normalize('NFKC')) child.data = masked;
      }
  });
  maskAcrossNodes($);
  return $.html();
}

/** A file name for a page: its order, its status and the tail of its path, safe on any disk. */
function fileName(index: number, page: RecordedPage): string {
  const path = new URL(stripAddress(page.response.url)).pathname
    .replace(/[^a-zA-Z0-9.-]+/gu, '-')
    .replace(/^-|-$/gu, '');
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
      url: stripAddress(page.response.url),
      finalUrl: stripAddress(page.response.finalUrl),
      status: page.response.status,
      headers: {
        'content-type': contentType,
        ...(page.response.headers.location ? { location: stripAddress(page.response.headers.location) } : {}),
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
