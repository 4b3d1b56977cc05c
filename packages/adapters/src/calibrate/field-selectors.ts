import type { Element } from 'domhandler';
import { parseVndPrice } from '../text/price.ts';
import { parseSoldCount } from '../text/sold-count.ts';
import { stockOfText } from '../text/stock-words.ts';
import { pathPattern } from './path-pattern.ts';
import { buyerText, clean, type ProductSample } from './read-sample.ts';
import { selectorCandidates } from './selector-for.ts';

/**
 * The first selector, of those `candidates` offers for the first page's element, that finds on
 * every page (inside `scope`, when given) an element whose text `reads` as that page expects.
 */
function chooseSelector(
  samples: ProductSample[],
  element: (sample: ProductSample) => Element | null,
  reads: (sample: ProductSample, text: string) => boolean,
  scope: string | null,
  textOf: (sample: ProductSample, element: Element) => string = (sample, element) => clean(sample.$(element).text()),
): string | undefined {
  const withIt = samples.filter((sample) => element(sample) !== null);
  const [first] = withIt;
  const origin = first ? element(first) : null;
  if (!first || !origin) return undefined;
  const parent = first.$(origin).parent().get(0) as Element | undefined;
  const own = selectorCandidates(origin);
  // A class shared by several fields (`.value`) is told apart by its parent's.
  const qualified = parent
    ? selectorCandidates(parent)
        .slice(0, 3)
        .flatMap((p) => own.map((c) => `${p} ${c}`))
    : [];
  return [...own, ...qualified].find((selector) =>
    withIt.every((sample) => {
      try {
        const found = scope ? sample.$(scope).first().find(selector).first() : sample.$(selector).first();
        const element = found.get(0) as Element | undefined;
        return element !== undefined && reads(sample, textOf(sample, element));
      } catch {
        return false; // a selector cheerio cannot parse is no candidate
      }
    }),
  );
}

/**
 * A selector for each field the product pages show (title, price, list price, sold, stock, OCOP
 * badge: inside the container; the shop link anywhere on the page), and the shop address pattern.
 * A field no selector finds on every page that shows it is left out.
 */
export function chooseFieldSelectors(products: ProductSample[], container: string) {
  const scoped = (element: (s: ProductSample) => Element | null, reads: (s: ProductSample, text: string) => boolean) =>
    chooseSelector(products, element, reads, container);
  const title = scoped(
    (s) => s.titleElement,
    (s, text) => text === s.title,
  );
  // The buyer's price as the adapter reads it: struck-through list prices inside the element left out.
  const price = chooseSelector(
    products,
    (s) => s.priceElement,
    (s, text) => parseVndPrice(text) === s.price,
    container,
    (s, element) => buyerText(s.$, element),
  );
  const listPrice = scoped(
    (s) => s.listPriceElement,
    (s, text) => s.listPrice !== null && parseVndPrice(text) === s.listPrice,
  );
  const sold = scoped(
    (s) => s.soldElement,
    (s, text) => s.sold !== null && parseSoldCount(text)?.value === s.sold,
  );
  const stock = scoped(
    (s) => s.stockElement,
    (s, text) => stockOfText(text) === s.stock,
  );
  const ocop = scoped(
    (s) => s.ocopElement,
    (s, text) => s.ocopElement !== null && text === clean(s.$(s.ocopElement).text()),
  );
  const shopLink = chooseSelector(
    products,
    (s) => s.shopLink,
    (s, text) => s.shopLink !== null && text === clean(s.$(s.shopLink).text()),
    null,
  );
  const shopHrefs = products.flatMap((s) =>
    s.shopLink?.attribs.href ? [new URL(s.shopLink.attribs.href, s.page.finalUrl).pathname] : [],
  );
  const shopPath = shopHrefs.length ? (pathPattern(shopHrefs) ?? undefined) : undefined;

  return { title, price, listPrice, sold, stock, ocop, shopLink, shopPath };
}
