/** A literal path segment inside a regular expression. */
/** The path of an address, the part product and shop patterns read. */
export const pathOf = (url: string) => new URL(url).pathname;

export const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

/** "tra-sen-p101533.html" → slug "tra-sen", separator "-", marker "p", id "101533", extension ".html". */
const SLUG_AND_ID =
  /^(?<slug>[a-z0-9-]*?)(?<separator>[-_.]?)(?<marker>[a-z]{0,2})(?<id>\d+)(?<extension>\.[a-z]{2,5})?$/u;

/** A segment that differs between pages and holds the id as a number, alone or after a slug; or null. */
function numericId(segments: string[]): string | null {
  if (segments.every((s) => /^\d+$/u.test(s))) return '(?<id>\\d+)';
  const shapes = segments.map((s) => SLUG_AND_ID.exec(s)?.groups);
  const [first] = shapes;
  if (!first || !shapes.every(Boolean)) return null;
  const same = (key: 'separator' | 'marker' | 'extension') =>
    shapes.every((shape) => (shape?.[key] ?? '') === (first[key] ?? ''));
  if (!same('separator') || !same('marker') || !same('extension')) return null;
  const slug = shapes.every((shape) => shape?.slug) ? '(?<slug>[a-z0-9-]+)' : '';
  return `${slug}${literal(first.separator ?? '')}${literal(first.marker ?? '')}(?<id>\\d+)${literal(first.extension ?? '')}`;
}

/**
 * A `productPaths` pattern for a set of product page paths: the segments all pages share are kept
 * as they are, those that differ become a slug and an id (a number where one fits, nearest the end;
 * else the last differing segment as it is). With one page only, a segment holding a number is
 * taken to differ. Returns null when the paths have no common shape (different depths).
 */
export function pathPattern(paths: readonly string[]): string | null {
  const split = paths.map((path) => path.replace(/\/$/u, '').split('/').slice(1));
  const depth = split[0]?.length ?? 0;
  if (depth === 0 || split.some((segments) => segments.length !== depth)) return null;
  const columns = Array.from({ length: depth }, (_, index) => split.map((s) => s[index] ?? ''));
  const differs = columns.map((segments) => {
    const [first = ''] = segments;
    return paths.length > 1 ? segments.some((s) => s !== first) : /\d/u.test(first);
  });
  const numeric = columns.map((segments, index) => (differs[index] ? numericId(segments) : null));
  let idIndex = numeric.findLastIndex((source) => source !== null);
  if (idIndex < 0) idIndex = differs.lastIndexOf(true);
  if (idIndex < 0) return null;
  const parts = columns.map((segments, index) => {
    if (index === idIndex) return numeric[index] ?? '(?<id>[^/]+)';
    return differs[index] ? '[^/]+' : literal(segments[0] ?? '');
  });
  return `^/${parts.join('/')}${paths.some((p) => p.endsWith('/') && p !== '/') ? '/?' : ''}$`;
}
