import type { DelistedReason } from '../observation.ts';
import { createProvincialFloorAdapter } from '../provincial-floor/adapter.ts';
import type { ConformanceCase } from '../testing/conformance-cases.ts';
import { type ConformanceResult, runConformance } from '../testing/run-conformance.ts';
import { pathOf } from './path-pattern.ts';
import type { FloorLayoutSuggestion, RemovalShown } from './suggest-floor-layout.ts';

const REASON: Record<RemovalShown, DelistedReason | undefined> = {
  http: undefined, // 404 or 410, as the page answered
  message: 'removal_message',
  notice: 'removal_message',
  redirect: 'removal_redirect',
};

/**
 * The conformance kit run on a proposed layout: every captured product page must read as on sale
 * with its own title and price, the removed page as removed by the rule it shows, and every page
 * that only looks like a removal (a challenge, a firewall's 404, a bounce home…) as unknown.
 */
export function checkFloorLayout(
  suggestion: FloorLayoutSuggestion,
  floor: { id: string; displayName: string },
): Promise<ConformanceResult[]> {
  const cases: ConformanceCase[] = suggestion.productPages.map((product) => ({
    name: `captured product page ${pathOf(product.url)} reads on sale: "${product.title}", ${product.price ?? '—'} ₫, sold ${product.sold ?? '—'}, ${product.stock}`,
    listingPath: pathOf(product.url),
    response: { status: 200, body: product.page.body },
    expect: {
      verdict: 'active',
      data: {
        title: product.title,
        stock: product.stock,
        ...(product.price !== null ? { price: product.price } : {}),
        ...(product.sold !== null ? { sold: { value: product.sold } } : {}),
      },
    },
  }));
  const removed = suggestion.removedPage;
  if (removed?.shown) {
    const asked = pathOf(removed.page.url);
    const answered = pathOf(removed.page.finalUrl);
    const redirect = removed.shown === 'redirect';
    const reason = REASON[removed.shown];
    cases.push({
      name: `captured removed page ${asked} reads removed (${removed.shown})`,
      listingPath: asked,
      response: redirect
        ? { status: 302, headers: { location: answered } }
        : { status: removed.page.status, body: removed.page.body },
      ...(redirect ? { routes: { [answered]: { status: 200, body: removed.page.body } } } : {}),
      expect: { verdict: 'delisted', ...(reason ? { reason } : {}) },
    });
  }
  return runConformance({
    name: floor.id,
    createAdapter: (baseUrl) =>
      createProvincialFloorAdapter({
        id: floor.id,
        displayName: floor.displayName,
        baseUrl,
        soldCount: suggestion.soldCount,
        layout: suggestion.layout,
      }),
    listingPath: pathOf(suggestion.productPages[0]?.url ?? 'http://x/'),
    cases,
  });
}
