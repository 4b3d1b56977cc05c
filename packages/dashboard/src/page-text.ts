import { maskPersonalData } from '@ocop-monitor/adapters';

// Where evidence holds what a marketplace page said (its text, title, a shop's name, a note on it).
const PAGE_TEXT_KEYS = new Set(['excerpt', 'detail', 'title', 'name']);

/**
 * Evidence as viewers may see it: the marketplace's page text with phones, e-mails and contact names
 * masked (sellers put theirs in listings); addresses, rules and figures untouched. The store keeps
 * what was read, for the record; only what the dashboard shows and answers is masked.
 */
export function withPageTextMasked<T>(value: T, key = ''): T {
  if (typeof value === 'string') return (PAGE_TEXT_KEYS.has(key) ? maskPersonalData(value) : value) as T;
  if (Array.isArray(value)) return value.map((item) => withPageTextMasked(item, key)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withPageTextMasked(v, k)])) as T;
  return value;
}
