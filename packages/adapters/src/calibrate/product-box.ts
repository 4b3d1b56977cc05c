import type { Element } from 'domhandler';
import { containerText, type HtmlDocument } from '../html.ts';
import { matchRemovalNotice } from '../text/phrases.ts';
import { pathOf } from './path-pattern.ts';
import type { ProductSample } from './read-sample.ts';
import { ancestry, selectorCandidates } from './selector-for.ts';

/** The nearest common ancestor of the fields on a page (the product box), with its ancestors, nearest first. */
function boxAncestry(sample: ProductSample): Element[] {
  const fields = [sample.titleElement, sample.priceElement].filter((e): e is Element => e !== null);
  const [first] = fields;
  if (!first) return [];
  return ancestry(sample.$, first).filter((candidate) =>
    fields.every((field) => field === candidate || sample.$(candidate).has(field).length > 0),
  );
}

/**
 * The product container: the smallest box that holds the title and price on every product page,
 * and — where the removed page shows a removal notice — that notice too, since removal notices
 * count only inside it (a site-wide footer saying "ngừng kinh doanh" must never count).
 */
export function chooseContainer(samples: ProductSample[], removed: HtmlDocument | null): string | null {
  const [first] = samples;
  if (!first) return null;
  let fallback: string | null = null;
  for (const box of boxAncestry(first)) {
    for (const selector of selectorCandidates(box)) {
      const holdsFields = samples.every((sample) => {
        const found = sample.$(selector).first();
        return (
          found.length > 0 &&
          [sample.titleElement, sample.priceElement].every((f) => !f || found.get(0) === f || found.has(f).length > 0)
        );
      });
      if (!holdsFields) continue;
      fallback ??= selector;
      const notice = removed ? containerText(removed, selector) : null;
      if (!removed || (notice !== null && matchRemovalNotice(notice) !== null)) return selector;
    }
  }
  return fallback;
}

/** An attribute of the container whose value is the page's id (`data-id="1523"`): it tells a page of another product. */
export function itemIdAttribute(samples: ProductSample[], container: string, pattern: RegExp): string | undefined {
  const [first] = samples;
  const box = first?.$(container).first().get(0) as Element | undefined;
  if (!first || !box) return undefined;
  return Object.keys(box.attribs).find((name) =>
    samples.every((sample) => {
      const id = pattern.exec(pathOf(sample.page.finalUrl))?.groups?.id;
      return id !== undefined && sample.$(container).first().attr(name) === id;
    }),
  );
}
