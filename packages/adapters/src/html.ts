import { load } from 'cheerio/slim';

// cheerio/slim parses with htmlparser2: several times faster than parse5 on 150–300 KB pages,
// and marketplace markup does not need parse5's browser-exact error recovery.
export type HtmlDocument = ReturnType<typeof load>;

export function loadHtml(html: string): HtmlDocument {
  return load(html);
}

/** The few fields of a parsed node the text walk needs (htmlparser2's DOM). */
export interface DomNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
  parent?: DomNode | null;
}

/** Elements whose text a reading leaves out (related products, for instance). */
export type SkipElement = (element: DomNode) => boolean;

const SKIPPED = new Set(['script', 'style', 'noscript', 'template']);
// Elements that end a line when shown: a notice in a <p> and a link after it are two sentences,
// not one run-on string ("…ngừng kinh doanhTiếp tục mua sắm").
const BLOCKS = new Set(
  'address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p section table td th tr ul'.split(
    ' ',
  ),
);

function visibleText(node: DomNode, skip: SkipElement | undefined): string {
  if (node.type === 'text') return node.data ?? '';
  if (node.type !== 'tag' || SKIPPED.has(node.name ?? '') || skip?.(node)) return '';
  const inner = (node.children ?? []).map((child) => visibleText(child, skip)).join('');
  return BLOCKS.has(node.name ?? '') ? `\n${inner}\n` : inner;
}

/** Visible text of a parsed element, one line per block element; scripts, styles and skipped elements left out. */
export function elementText(element: DomNode, skip?: SkipElement): string {
  return (element.children ?? []).map((child) => visibleText(child, skip)).join('');
}

/**
 * Visible text of the first element matching `selector`, one line per block element, or null when
 * there is none. Scripts and styles are left out, and elements `skip` names.
 */
export function containerText($: HtmlDocument, selector: string, skip?: SkipElement): string | null {
  const container = $(selector).first().get(0) as unknown as DomNode | undefined;
  return container ? elementText(container, skip) : null;
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
