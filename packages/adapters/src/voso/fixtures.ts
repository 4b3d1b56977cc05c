import { readFileSync } from 'node:fs';

/** A voso fixture page by file name (see fixtures/). */
export function vosoFixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

/**
 * The real product page with fields of its embedded record replaced: how voso shows the same
 * product out of stock, hidden, rejected or as OCOP. Only the record changes, as on the live site.
 */
export function vosoProductVariant(fields: Record<string, unknown>): string {
  const html = vosoFixture('real-2021-product-p101533.html');
  return html.replace(/^(\s*var product = )(\{.*\});$/mu, (_, prefix: string, json: string) => {
    const record = { ...(JSON.parse(json) as Record<string, unknown>), ...fields };
    return `${prefix}${JSON.stringify(record)};`;
  });
}
