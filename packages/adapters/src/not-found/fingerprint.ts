import { createHash } from 'node:crypto';
import { z } from 'zod';
import { htmlStructure, jsonStructure, textStructure } from './structure.ts';

/**
 * A marketplace's own not-found answer, kept with its layout (DESIGN §4): the status, the media
 * type and the structure of the body. Learned from a captured page or by `ocop-monitor doctor`
 * (which asks for an address no product has) and kept in the configuration; a listing's answer
 * is a removal only when it is this answer.
 */
export const notFoundAnswerSchema = z.object({
  status: z.number().int().min(200).max(599),
  /** The media type without parameters (`text/html`), or '' when the answer named none. */
  contentType: z.string(),
  /** `html:`, `json:` or `text:` and 24 hex digits of the body's structure. */
  signature: z.string().regex(/^(?:html|json|text):[0-9a-f]{24}$/u, 'a signature looks like html:<24 hex digits>'),
  /**
   * The sentence the answer shows ("Không có dữ liệu"), folded when compared: a page in the same
   * frame that does not show it (a maintenance page, a holiday notice) is not this answer.
   */
  says: z.string().min(1).max(200).optional(),
  /** Where it was learned (a captured page's name, or the doctor and a date): for the person reading the config. */
  learnedFrom: z.string().optional(),
});
export type NotFoundAnswer = z.infer<typeof notFoundAnswerSchema>;

/** What the fingerprint reads of an answer. */
export interface AnswerToFingerprint {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const mediaTypeOf = (headers: Record<string, string>) =>
  (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

function parsedJson(body: string): { ok: true; value: unknown } | { ok: false } {
  const trimmed = body.trimStart();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(trimmed) };
  } catch {
    return { ok: false };
  }
}

/** The kind of body and its structure: JSON by its keys, HTML by its tags, anything else by its words. */
function structureOf(contentType: string, body: string): { kind: 'html' | 'json' | 'text'; parts: string[] } {
  const json = parsedJson(body);
  if (json.ok) return { kind: 'json', parts: jsonStructure(json.value) };
  if (contentType.includes('html') || /^\s*<(?:!doctype|html|head|body|div)\b/iu.test(body))
    return { kind: 'html', parts: htmlStructure(body) };
  return { kind: 'text', parts: textStructure(body) };
}

/** The fingerprint of an answer: what is compared with the kept not-found answers. */
export function fingerprintOf(answer: AnswerToFingerprint): NotFoundAnswer {
  const contentType = mediaTypeOf(answer.headers);
  const { kind, parts } = structureOf(contentType, answer.body);
  const digest = createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 24);
  return { status: answer.status, contentType, signature: `${kind}:${digest}` };
}

/** The same answer: status, media type and structure all equal (where it was learned does not matter). */
export const sameAnswer = (a: NotFoundAnswer, b: NotFoundAnswer): boolean =>
  a.status === b.status && a.contentType === b.contentType && a.signature === b.signature;

/** "404 text/html html:3f2a…", as evidence and the doctor print it. */
export const describeAnswer = (answer: NotFoundAnswer): string =>
  `${answer.status} ${answer.contentType || 'none'} ${answer.signature}`;

/** The answer `describeAnswer` wrote, read back; null when the text is not one. */
export function parseAnswer(described: string): NotFoundAnswer | null {
  const [status, contentType, signature, ...rest] = described.split(' ');
  const parsed = notFoundAnswerSchema.safeParse({
    status: Number(status),
    contentType: contentType === 'none' ? '' : contentType,
    signature,
  });
  return rest.length === 0 && parsed.success ? parsed.data : null;
}
