const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' };
const MAX = 300;

/**
 * What a person would read first on the page, for a reviewer weighing the evidence: the title and
 * the start of the visible text of an HTML page, or the start of a JSON answer. Text only (scripts,
 * styles, comments and tags dropped; a few entities decoded); at most 300 characters. It stays
 * untrusted text: whoever shows it escapes it.
 */
export function pageExcerpt(body: string): string | null {
  const trimmed = body.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return trimmed.slice(0, MAX) || null;
  const title = /<title[^>]*>([\s\S]*?)<\/title>/iu.exec(body)?.[1] ?? '';
  const text = body
    .replace(/<!--[\s\S]*?-->/gu, ' ')
    .replace(/<(script|style|noscript|template|head)\b[\s\S]*?<\/\1\s*>/giu, ' ')
    .replace(/<[^>]*>/gu, ' ');
  const decode = (value: string) =>
    value.replace(
      /&(amp|lt|gt|quot|#39|apos|nbsp);/giu,
      (entity, name: string) => ENTITIES[name.toLowerCase()] ?? entity,
    );
  const excerpt = decode([title, text].join(' · '))
    .normalize('NFC')
    .replace(/\s+/gu, ' ')
    .replace(/^[\s·]+/u, '')
    .trim();
  return excerpt ? excerpt.slice(0, MAX) : null;
}
