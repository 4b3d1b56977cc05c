import type { AnyNode, Element } from 'domhandler';
import { loadHtml } from '../html.ts';

/**
 * The structure of an answer's body — its template, not its words (DESIGN §4, "Recognised, never
 * inferred"): the same not-found page for any missing product has one structure whatever product
 * was asked, while a web server's default 404, a gateway's, a maintenance page or the product's own
 * page has another. Words are left out so the asked address, a date or a counter never matter.
 */

// Subtrees whose inside varies by visit without being the template: scripts, inline drawings.
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'iframe']);
const MAX_DEPTH = 40;
const MAX_NAME = 40;

/** Digits vary (build hashes, counters, ids): one digit run reads as one "0". */
const maskName = (name: string) => name.replace(/\d+/gu, '0').slice(0, MAX_NAME);

function tokenOf(element: Element): string {
  const id = element.attribs.id ? `#${maskName(element.attribs.id)}` : '';
  const classes = (element.attribs.class ?? '')
    .split(/\s+/u)
    .filter(Boolean)
    .map(maskName)
    .sort()
    .map((name) => `.${name}`)
    .join('');
  return `${element.name}${id}${classes}`;
}

/** Every distinct path of tags (with their ids and classes) from the document's root, sorted. */
export function htmlStructure(body: string): string[] {
  const $ = loadHtml(body);
  const paths = new Set<string>();
  const visit = (node: AnyNode, path: string, depth: number) => {
    if (node.type !== 'tag' && node.type !== 'root' && node.type !== 'script' && node.type !== 'style') return;
    let here = path;
    if (node.type !== 'root') {
      const element = node as Element;
      if (SKIPPED.has(element.name)) {
        paths.add(`${path}>${element.name}`);
        return;
      }
      here = `${path}>${tokenOf(element)}`;
      paths.add(here);
    }
    if (depth >= MAX_DEPTH) return;
    for (const child of (node as Element).children ?? []) visit(child, here, depth + 1);
  };
  const root = $.root().get(0);
  if (root) visit(root as unknown as AnyNode, '', 0);
  return [...paths].sort();
}

/** Every distinct key path of a JSON value with the type found there (`error.code:number`), sorted. */
export function jsonStructure(value: unknown): string[] {
  const paths = new Set<string>();
  const visit = (node: unknown, path: string, depth: number) => {
    const type = node === null ? 'null' : Array.isArray(node) ? 'array' : typeof node;
    paths.add(`${path}:${type}`);
    if (depth >= MAX_DEPTH) return;
    if (Array.isArray(node)) for (const item of node) visit(item, `${path}[]`, depth + 1);
    else if (type === 'object')
      for (const [key, item] of Object.entries(node as Record<string, unknown>))
        visit(item, `${path}.${maskName(key)}`, depth + 1);
  };
  visit(value, '', 0);
  return [...paths].sort();
}

/**
 * A plain-text body's words with addresses and digits masked, spaces collapsed: a short text is its
 * own template ("Cannot GET /p/abc-123" reads the same for every address asked).
 */
export function textStructure(body: string): string[] {
  // Cut first: the address pattern scans words, and a long run of them must stay cheap.
  return [
    body
      .slice(0, 2_000)
      .normalize('NFC')
      .toLowerCase()
      .replace(/(?:https?:\/\/)?[\w.-]*\/\S*/gu, '/')
      .replace(/\d+/gu, '0')
      .replace(/\s+/gu, ' ')
      .trim(),
  ];
}
