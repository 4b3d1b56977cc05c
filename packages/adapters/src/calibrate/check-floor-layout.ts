import type { DelistedReason } from '../observation.ts';
import { createProvincialFloorAdapter } from '../provincial-floor/adapter.ts';
import type { ConformanceCase } from '../testing/conformance-cases.ts';
import { type ConformanceResult, runConformance } from '../testing/run-conformance.ts';
import { pathOf } from './path-pattern.ts';
import type { FloorLayoutSuggestion, RemovalShown } from './suggest-floor-layout.ts';

const REASON: Record<RemovalShown, DelistedReason> = {
  not_found: 'not_found', // a 410 reads 'gone': set below from the page's status
  message: 'removal_message',
  notice: 'removal_message',
  redirect: 'removal_redirect',
};

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
    const reason = removed.shown
      ? removed.shown === 'not_found' && removed.page.status === 410
        ? 'gone'
        : REASON[removed.shown]
      : undefined;
    cases.push({
      name: `captured removed page ${asked} reads removed${removed.shown ? ` (${removed.shown})` : ''}`,
      listingPath: asked,
      response: redirect ? { status: 302, headers: { location: answered } } : removedResponse,
      ...(redirect ? { routes: { [answered]: removedResponse } } : {}),
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
    // The floor's own not-found answer, where the proposal keeps one: the kit asks an address no
    // product has and expects that answer recognised, and the same answer in another template not.
    ...(removed && removedResponse && suggestion.layout.notFoundAnswers?.length ? { notFound: removedResponse } : {}),
    cases,
  });
}
