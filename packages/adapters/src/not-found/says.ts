import type { Element } from 'domhandler';
import { loadHtml } from '../html.ts';
import { foldSearchKey, toNfc } from '../text/normalize.ts';
import { matchRemovalNotice } from '../text/phrases.ts';

const clean = (text: string) => toNfc(text).replace(/\s+/gu, ' ').trim();
// Where a page without a product writes why: an alert, a notice or message box, an empty-state.
const NOTICE_BOX = '[role=alert], [class*=alert], [class*=notice], [class*=message], [class*=error], [class*=empty]';

/**
 * The sentence an answer shows in its own words ("Không có dữ liệu!" → "Không có dữ liệu"): a known
 * removal phrase where there is one, else the first short text of an alert or message box, else of
 * the first heading or paragraph; for JSON its `message`/`error` text. Trailing punctuation left
 * out. Null when it shows none: such an answer is kept by its template alone.
 */
export function answerSays(body: string): string | null {
  const trimmed = body.trimStart();
  if (trimmed.startsWith('{')) {
    try {
      const value = JSON.parse(trimmed) as Record<string, unknown>;
      const text = [value.message, value.error, value.msg].find((v) => typeof v === 'string' && /\p{L}/u.test(v));
      return typeof text === 'string' ? clean(text).slice(0, 120) || null : null;
    } catch {
      return null;
    }
  }
  if (!trimmed.startsWith('<')) return clean(trimmed.split('\n')[0] ?? '').slice(0, 120) || null;
  const $ = loadHtml(body);
  const texts = (selector: string) =>
    ($(selector).toArray() as Element[])
      .map((element) => clean($(element).text()))
      .filter((text) => /\p{L}/u.test(text) && text.length <= 120);
  const candidates = [...texts(NOTICE_BOX), ...texts('body h1, body h2, body h3, body p')];
  const known = candidates.map((text) => matchRemovalNotice(text)).find((phrase) => phrase !== null);
  const sentence = known ?? candidates[0];
  return sentence ? sentence.replace(/[\s.!?…:;,]+$/u, '') || null : null;
}

/** The visible words of an answer, folded, for `says` to be looked for in. */
export function foldedWordsOf(body: string): string {
  const trimmed = body.trimStart();
  if (!trimmed.startsWith('<')) return foldSearchKey(body);
  const $ = loadHtml(body);
  $('script, style, noscript, template, head').remove();
  // Each text node apart: "<h1>…cập nhật</h1><footer>Bưu điện" must not read "nhậtbưu".
  const words: string[] = [];
  const visit = (node: { type: string; data?: string; children?: unknown[] }) => {
    if (node.type === 'text') words.push(node.data ?? '');
    for (const child of (node.children ?? []) as Array<typeof node>) visit(child);
  };
  visit($.root().get(0) as unknown as { type: string; children?: unknown[] });
  return foldSearchKey(words.join(' '));
}
