import type { HtmlDocument } from '../html.ts';
import { foldSearchKey } from '../text/normalize.ts';

type Selection = ReturnType<HtmlDocument>;

export interface OcopBadge {
  isOcop: boolean | null;
  stars: number | null;
}

/**
 * Reads an OCOP badge: stars from `data-stars` / `data-value`, or from text such as "OCOP 4 sao"
 * or "4★". `null` (no selector configured) means the site does not tell; an empty selection means
 * the listing is shown without the badge.
 */
export function readOcopBadge(badge: Selection | null): OcopBadge {
  if (badge === null) return { isOcop: null, stars: null };
  if (badge.length === 0) return { isOcop: false, stars: null };
  const attribute = badge.attr('data-stars') ?? badge.attr('data-value');
  const fromText = /(\d)\s*(?:sao|★|\*)/u.exec(foldSearchKey(badge.text()))?.[1];
  const stars = Number.parseInt(attribute ?? fromText ?? '', 10);
  return { isOcop: true, stars: stars >= 3 && stars <= 5 ? stars : null };
}
