import type { Element } from 'domhandler';
import type { HtmlDocument } from '../html.ts';

/** A class or id a template wrote, not one a build generated (`css-1x2y3z`, `sc-a8f3`, `jsx-2231`). */
const stable = (name: string) =>
  /^[a-zA-Z][\w-]*$/u.test(name) && !/\d{3,}/u.test(name) && !/^(?:css|sc|jsx|svelte|emotion)-/u.test(name);

const cssEscape = (name: string) => name.replace(/([^\w-])/gu, '\\$1');

/** Attributes that name what an element holds, in schema.org microdata or a template's data attributes. */
const NAMING_ATTRIBUTES = ['itemprop', 'data-field', 'data-testid', 'data-role', 'data-name'];

/**
 * Selectors that may find `element` again on other pages of the same template, most specific
 * first: its id, a naming attribute, its tag with its classes, each class alone, its tag alone.
 * The caller keeps the first that finds the right element on every page.
 */
export function selectorCandidates(element: Element): string[] {
  const candidates: string[] = [];
  const { attribs, name } = element;
  if (attribs.id && stable(attribs.id)) candidates.push(`#${cssEscape(attribs.id)}`);
  for (const attribute of NAMING_ATTRIBUTES)
    if (attribs[attribute]) candidates.push(`[${attribute}="${attribs[attribute].replace(/"/gu, '\\"')}"]`);
  const classes = (attribs.class ?? '').split(/\s+/u).filter(stable);
  if (classes.length > 0) candidates.push(`${name}.${classes.map(cssEscape).join('.')}`);
  for (const cls of classes) candidates.push(`.${cssEscape(cls)}`);
  if (classes.length > 0) candidates.push(...classes.map((cls) => `${name}.${cssEscape(cls)}`));
  candidates.push(name);
  return [...new Set(candidates)];
}

/** The element and its ancestors up to (not including) `<body>`, nearest first. */
export function ancestry($: HtmlDocument, element: Element): Element[] {
  const chain: Element[] = [element];
  for (const parent of $(element).parents().toArray() as Element[]) {
    if (parent.name === 'body' || parent.name === 'html') break;
    chain.push(parent);
  }
  return chain;
}
