import { load } from 'cheerio/slim';

// cheerio/slim parses with htmlparser2: several times faster than parse5 on 150–300 KB pages,
// and marketplace markup does not need parse5's browser-exact error recovery.
export type HtmlDocument = ReturnType<typeof load>;

export function loadHtml(html: string): HtmlDocument {
  return load(html);
}

/** Visible text of the first element matching `selector`, or null when there is none. */
export function containerText($: HtmlDocument, selector: string): string | null {
  const container = $(selector).first();
  if (container.length === 0) return null;
  container.find('script, style, noscript').remove();
  return container.text();
}

/** Every schema.org Product object in the page's JSON-LD blocks. */
export function findJsonLdProducts($: HtmlDocument): Array<Record<string, unknown>> {
  const products: Array<Record<string, unknown>> = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    const type = record['@type'];
    if (type === 'Product' || (Array.isArray(type) && type.includes('Product'))) products.push(record);
    if (record['@graph']) visit(record['@graph']);
  };
  $('script[type="application/ld+json"]').each((_, element) => {
    try {
      visit(JSON.parse($(element).text()));
    } catch {
      // A broken JSON-LD block is ignored; the caller falls back to selectors or parse_failed.
    }
  });
  return products;
}
