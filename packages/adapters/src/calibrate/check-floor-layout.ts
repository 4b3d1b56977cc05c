import { createProvincialFloorAdapter } from '../provincial-floor/adapter.ts';
import type { ConformanceCase } from '../testing/conformance-cases.ts';
import { type ConformanceResult, runConformance } from '../testing/run-conformance.ts';
import { pathOf } from './path-pattern.ts';
import type { FloorLayoutSuggestion } from './suggest-floor-layout.ts';

/**
 * The conformance kit run on a proposed layout: every captured product page must read as on sale
 * with its own title and price; the removed page must read removed — a proposal that does not
 * read it so fails the run, it is never left out; the floor's not-found answer, where proposed, is
 * recognised at an address no product has and nowhere else; and every page that only looks like
 * a removal (a challenge, a web server's 404, a bounce home…) reads unknown.
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
  const removedResponse = removed && {
    status: removed.page.status,
    body: removed.page.body,
    ...(removed.page.contentType ? { headers: { 'content-type': removed.page.contentType } } : {}),
  };
  if (removed && removedResponse) {
    const asked = pathOf(removed.page.url);
    const answered = pathOf(removed.page.finalUrl);
    const redirect = removed.shown === 'redirect';
    // Read removed by a seen rule — the sentence or the not-found answer, whichever the adapter
    // reads first — or, for a redirect, by its (assumed) rule.
    const expectation = redirect
      ? ({ verdict: 'delisted', reason: 'removal_redirect' } as const)
      : ({ verdict: 'delisted', provenance: 'seen' } as const);
    cases.push({
      name: `captured removed page ${asked} reads removed${removed.shown ? ` (${removed.shown})` : ''}`,
      listingPath: asked,
      response: redirect ? { status: 302, headers: { location: answered } } : removedResponse,
      ...(redirect ? { routes: { [answered]: removedResponse } } : {}),
      expect: expectation,
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
    // The floor's own not-found answer, where the proposal keeps one: the kit asks an address no
    // product has and expects that answer recognised, and the same answer in another template not.
    ...(removed && removedResponse && suggestion.layout.notFoundAnswers?.length ? { notFound: removedResponse } : {}),
    cases,
  });
}
