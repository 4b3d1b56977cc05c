import { readFileSync } from 'node:fs';

export function postmartFixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

/** The active page with its text edited the way postmart would show another state. */
export function postmartVariant(edit: (html: string) => string): string {
  return edit(postmartFixture('product-active.html'));
}
