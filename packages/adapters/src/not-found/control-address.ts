import { createHash } from 'node:crypto';

/**
 * The words of an address no product has (the run's negative control, DESIGN §4): derived from a
 * seed — the run's date and the marketplace — so a retried check asks the same address, and each
 * day's differs, which no cache of the site's can answer from an earlier day.
 */
export interface ControlTokens {
  /** Twelve digits starting with 9: longer than any id these marketplaces gave so far. */
  digits: string;
  /** A slug that names no product: `ocop-monitor-khong-ton-tai-<10 hex digits>`. */
  slug: string;
}

export function controlTokens(seed: string): ControlTokens {
  const hex = createHash('sha256').update(`ocop-monitor negative control ${seed}`).digest('hex');
  const digits = `9${(BigInt(`0x${hex.slice(0, 14)}`) % 10n ** 11n).toString().padStart(11, '0')}`;
  return { digits, slug: `ocop-monitor-khong-ton-tai-${hex.slice(14, 24)}` };
}

/**
 * `path` (which `pattern` matches) with its `id` group — and its `slug` group, where there is one —
 * replaced by the control's words: digits for a numeric id, the slug otherwise. Null when the
 * pattern has no `id` group or no longer matches what it made.
 */
export function controlPath(path: string, pattern: RegExp, tokens: ControlTokens): string | null {
  const indexed = new RegExp(pattern.source, pattern.flags.includes('d') ? pattern.flags : `${pattern.flags}d`);
  const match = indexed.exec(path);
  const groups = match?.indices?.groups;
  const id = match?.groups?.id;
  if (!match || !groups?.id || id === undefined) return null;
  const edits: Array<{ at: [number, number]; text: string }> = [
    { at: groups.id, text: /^\d+$/u.test(id) ? tokens.digits : tokens.slug },
  ];
  if (groups.slug && match.groups?.slug !== undefined) edits.push({ at: groups.slug, text: tokens.slug });
  let result = path;
  for (const { at, text } of edits.sort((a, b) => b.at[0] - a.at[0]))
    result = result.slice(0, at[0]) + text + result.slice(at[1]);
  const check = new RegExp(pattern.source, pattern.flags.replace('d', '')).exec(result);
  return check?.groups?.id && check.groups.id !== id ? result : null;
}
