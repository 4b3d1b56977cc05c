/** Text made safe for HTML: every value interpolated into `html` goes through this, unless `raw`. */
const escapeHtml = (value: unknown) =>
  String(value ?? '').replace(
    /[&<>"']/gu,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

export class Raw {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
}
/** Already-safe markup (a rendered fragment, a chart's SVG). */
export const raw = (value: string) => new Raw(value);

/**
 * A tagged template that escapes what it interpolates (arrays are joined, `raw` passes through):
 * templates stay plain TypeScript, with no build step for JSX.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    const parts = Array.isArray(value) ? value : [value];
    out += parts.map((part) => (part instanceof Raw ? part.value : escapeHtml(part))).join('');
    out += strings[i + 1] ?? '';
  });
  return new Raw(out);
}

/** Only http(s) links: a `javascript:` URL from a marketplace page must never become clickable. */
export const safeHref = (url: string) => (/^https?:\/\//iu.test(url) ? url : '#');
