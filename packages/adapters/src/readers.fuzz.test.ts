import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { MarketplaceAdapter } from './contract.ts';
import { observationSchema } from './observation.ts';
import { createPostmartAdapter } from './postmart/adapter.ts';
import { createProvincialFloorAdapter } from './provincial-floor/adapter.ts';
import type { ProvincialFloorOptions } from './provincial-floor/options.ts';
import { oneAnswerClient } from './testing/one-answer-client.ts';
import { createTikiAdapter } from './tiki/adapter.ts';
import { createVosoAdapter } from './voso/adapter.ts';

const fixture = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const BASE = 'https://market.example';
const quangTri = parse(fixture('../../../config/floors/quangtri.yaml')) as ProvincialFloorOptions;

interface Corpus {
  name: string;
  adapter: MarketplaceAdapter;
  listingPath: string;
  /** A real (or realistic) page of a listing on sale. */
  active: string;
  /** A page of a removed listing, and the rules allowed to call it delisted. */
  removed?: { body: string; rules: RegExp };
}

const CORPUS: Corpus[] = [
  {
    name: 'voso (real 2021 page)',
    adapter: createVosoAdapter({ baseUrl: BASE }),
    listingPath: '/giay-sneaker-nam-den-p101533.html',
    active: fixture('./voso/fixtures/real-2021-product-p101533.html'),
    removed: { body: fixture('./voso/fixtures/product-removed-message.html'), rules: /removal|message|record/u },
  },
  {
    name: 'postmart',
    adapter: createPostmartAdapter({ baseUrl: BASE }),
    listingPath: '/p/mat-ong-bac-ha-meo-vac-20417.html',
    active: fixture('./postmart/fixtures/product-active.html'),
    removed: { body: fixture('./postmart/fixtures/product-removed-message.html'), rules: /removal|message/u },
  },
  {
    name: 'provincial floor (Quảng Trị layout)',
    adapter: createProvincialFloorAdapter({ ...quangTri, baseUrl: BASE }),
    listingPath: '/san-pham/che-vang-cam-lo-1523.html',
    active: fixture('./provincial-floor/fixtures/product-active.html'),
    removed: { body: fixture('./provincial-floor/fixtures/product-hidden.html'), rules: /\.(notice|message)$/u },
  },
  {
    name: 'tiki (API answer)',
    adapter: createTikiAdapter({ baseUrl: BASE }),
    listingPath: '/tra-sen-tay-ho-ocop-4-sao-hop-100g-p184036446.html',
    active: fixture('./tiki/fixtures/product-available.json'),
  },
];

/** How pages arrive broken in the wild: cut off, re-encoded, decomposed, bloated, nested, garbled. */
const mutation = (page: string) =>
  fc.oneof(
    fc.nat({ max: page.length }).map((n) => page.slice(0, n)),
    fc.constant(page.normalize('NFD')),
    fc.constant(Buffer.from(page, 'utf8').toString('latin1')), // UTF-8 bytes read as Latin-1
    fc
      .tuple(fc.nat({ max: page.length }), fc.integer({ min: 10_000, max: 300_000 }))
      .map(([at, size]) => `${page.slice(0, at)}<div data-x="${'a'.repeat(size)}"></div>${page.slice(at)}`),
    fc.integer({ min: 50, max: 3_000 }).map((depth) => `${'<div>'.repeat(depth)}${page}${'</div>'.repeat(depth)}`),
    fc
      .tuple(fc.nat({ max: page.length }), fc.string({ maxLength: 40 }))
      .map(([at, junk]) => `${page.slice(0, at)}${junk}${page.slice(at + junk.length)}`),
    // A temporary notice dropped anywhere (a holiday closure) must never read as a removal.
    fc
      .nat({ max: page.length })
      .map((at) => `${page.slice(0, at)}<p>Gian hàng tạm ngừng kinh doanh đến hết Tết</p>${page.slice(at)}`),
    fc.constant(''),
  );

describe.each(CORPUS)('the $name reader on mutated pages', ({ adapter, listingPath, active, removed }) => {
  const ref = adapter.parseRef(`${BASE}${listingPath}`);
  if (!ref) throw new Error(`${adapter.id} does not recognise ${listingPath}`);

  it('never throws out of check(), always returns a valid Observation, never says delisted from a page on sale', async () => {
    await fc.assert(
      fc.asyncProperty(mutation(active), async (page) => {
        const observation = await adapter.check(ref, { http: oneAnswerClient(200, page) });
        expect(observationSchema.safeParse(observation).success).toBe(true);
        expect(observation.verdict).not.toBe('delisted');
      }),
      { numRuns: 60 },
    );
  });

  // Tiki answers removals with 404 or its own state, never with a page: no removal page to mutate.
  const removal = removed;
  if (removal) {
    it('the removal page itself is delisted, by its rule, as an assumed removal', async () => {
      const observation = await adapter.check(ref, { http: oneAnswerClient(200, removal.body) });
      expect(observation).toMatchObject({ verdict: 'delisted', evidence: { provenance: 'assumed' } });
      expect(observation.evidence.matchedRule).toMatch(removal.rules);
    });

    it('a removal page, mutated, is delisted only by the rule that names its evidence, or unknown', async () => {
      const allowed = new RegExp(`^unknown$|${removal.rules.source}`, 'u');
      await fc.assert(
        fc.asyncProperty(mutation(removal.body), async (page) => {
          const observation = await adapter.check(ref, { http: oneAnswerClient(200, page) });
          // Never active; when delisted, the rule that says so is a removal rule of the page.
          const judged = observation.verdict === 'delisted' ? observation.evidence.matchedRule : observation.verdict;
          expect(judged).toMatch(allowed);
        }),
        { numRuns: 60 },
      );
    });
  }

  it('answers that are not pages at all are unknown, never delisted', async () => {
    for (const [body, status] of [
      ['{"error":90309999}', 200],
      ['<html><body>captcha: slide to verify</body></html>', 200],
      ['', 500],
      ['not json, not html \u0000\u0001', 200],
    ] as const) {
      const observation = await adapter.check(ref, { http: oneAnswerClient(status, body) });
      expect(observation.verdict, `${status} ${body}`).toBe('unknown');
    }
  });
});
