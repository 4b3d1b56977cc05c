import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  acceptProposal,
  discoverListings,
  importListings,
  importProducts,
  listProposals,
  ProposalError,
  queryRows,
  rejectProposal,
} from '@ocop-monitor/monitor';
import { LISTING_COLUMNS, listingRows, PRODUCT_COLUMNS, productRows, startSandbox, toCsv } from '@ocop-monitor/sandbox';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { sandboxConfigLayer } from '../workers/src/sandbox-config.ts';
import { adaptersFor } from './sandbox-support.ts';
import { STORE_TARGETS } from './store-targets.ts';

const SEARCHABLE = new Set(['voso', 'tiki']);

describe.each(STORE_TARGETS)('listing discovery against the sandbox, on $name', (target) => {
  const opened: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const item of opened.splice(0).reverse()) await item.close();
  });

  for (const seed of [12, 13, 14])
    it.skipIf(!target.available)(
      `seed ${seed}: proposes the province’s unknown listings and none of the look-alikes; a person accepts or rejects; nothing is proposed twice`,
      { timeout: 120_000 },
      async () => {
        const sandbox = await startSandbox({ seed, products: 240 });
        opened.push(sandbox);
        sandbox.advanceDays(40); // sellers list new products, most of them unknown to the province
        const store = await target.open();
        opened.push(store);
        const { adapters, http } = adaptersFor(sandbox);
        opened.push(http);
        const dir = mkdtempSync(join(tmpdir(), 'ocop-discovery-'));
        writeFileSync(join(dir, 'p.csv'), toCsv(PRODUCT_COLUMNS, productRows(sandbox.world)));
        writeFileSync(join(dir, 'l.csv'), toCsv(LISTING_COLUMNS, listingRows(sandbox.world, sandbox.urlOf)));
        await importProducts(store.db, join(dir, 'p.csv'));
        await importListings(store.db, join(dir, 'l.csv'), adapters);
        const now = new Date(`${sandbox.truth().date}T09:00:00+07:00`);

        const summary = await discoverListings(store.db, adapters, http, { now, minScore: 0.85 });
        expect(summary.failed).toBe(0);

        // The truth: which sandbox product each proposal's listing really belongs to.
        const truth = new Map(sandbox.truth().listings.map((l) => [`${l.marketplace}:${l.itemId}`, l]));
        const sandboxIdOf = new Map(sandbox.world.products.map((p) => [p.nationalId, p.id]));
        const proposals = await queryRows<{ id: number; marketplace: string; item_id: string; national_id: string }>(
          store.db,
          sql`select lp.id, lp.marketplace, lp.item_id, p.national_id from listing_proposals lp join products p on p.id = lp.product_id`,
        );
        const correct = proposals.filter(
          (p) => truth.get(`${p.marketplace}:${p.item_id}`)?.productId === sandboxIdOf.get(p.national_id),
        );
        // What could be found: listings on sale, unknown to the province, on a searchable marketplace
        // where their product has no listing yet.
        const linkedOn = new Set(
          (
            await queryRows<{ key: string }>(
              store.db,
              sql`select p.national_id || ':' || l.marketplace as key from listings l join products p on p.id = l.product_id`,
            )
          ).map((r) => r.key),
        );
        const nationalIdOf = new Map(sandbox.world.products.map((p) => [p.id, p.nationalId]));
        // Discovery looks for products whose certificate still holds: an expired one is not OCOP today.
        const today = sandbox.truth().date;
        const certified = new Set(sandbox.world.products.filter((p) => p.expiryDate >= today).map((p) => p.id));
        const findable = sandbox
          .truth()
          .listings.filter(
            (l) =>
              l.onSale &&
              !l.knownToProvince &&
              certified.has(l.productId) &&
              SEARCHABLE.has(l.marketplace) &&
              !linkedOn.has(`${nationalIdOf.get(l.productId)}:${l.marketplace}`),
          );
        const found = findable.filter((l) =>
          correct.some((p) => p.marketplace === l.marketplace && p.item_id === l.itemId),
        );
        const precision = proposals.length ? correct.length / proposals.length : 0;
        const recall = findable.length ? found.length / findable.length : 0;
        console.log(
          `discovery on ${target.name}, seed ${seed}: ${summary.searches} searches, ${summary.candidates} candidates, ${proposals.length} proposals; ` +
            `precision ${precision.toFixed(2)}, recall ${recall.toFixed(2)} (${found.length} of ${findable.length} findable)`,
        );
        expect(findable.length).toBeGreaterThan(5);
        expect(precision).toBe(1);
        expect(recall).toBe(1);
        // Look-alikes were in the search results, and scored out.
        expect(summary.candidates).toBeGreaterThan(proposals.length);

        // A person decides: an accepted one becomes a listing; a decided one cannot be decided again.
        const [first, second] = await listProposals(store.db, { state: 'proposed' });
        if (!first || !second) throw new Error('fewer than two proposals');
        await acceptProposal(store.db, first.id, 'Cán bộ Lan', now, adapters);
        await expect(acceptProposal(store.db, first.id, 'Cán bộ Lan', now, adapters)).rejects.toThrow(ProposalError);
        await rejectProposal(store.db, second.id, 'Cán bộ Lan', now);
        const [linked] = await queryRows<{ linked_how: string; linked_by: string; state: string }>(
          store.db,
          sql`select linked_how, linked_by, state from listings where url = ${first.url}`,
        );
        expect(linked).toEqual({ linked_how: 'discovered', linked_by: 'Cán bộ Lan', state: 'stale' });
        // Searching again proposes nothing already proposed, accepted or rejected.
        const again = await discoverListings(store.db, adapters, http, { now, minScore: 0.85 });
        expect(again.proposed).toBe(0);
      },
    );
});

const CLI = new URL('../workers/src/cli/main.ts', import.meta.url).pathname;
const run = promisify(execFile);

describe('discover and listings commands', () => {
  it('an official discovers, reads the proposals, accepts one and cannot decide it twice', {
    timeout: 120_000,
  }, async () => {
    const sandbox = await startSandbox({ seed: 13, products: 120 });
    try {
      sandbox.advanceDays(40);
      const dir = mkdtempSync(join(tmpdir(), 'ocop-discover-cli-'));
      const config = join(dir, 'sandbox.yaml');
      writeFileSync(
        config,
        stringify({
          ...(sandboxConfigLayer(sandbox.baseUrls) as object),
          dataDir: join(dir, 'pglite'),
          log: { level: 'warn' },
        }),
      );
      writeFileSync(join(dir, 'p.csv'), toCsv(PRODUCT_COLUMNS, productRows(sandbox.world)));
      writeFileSync(join(dir, 'l.csv'), toCsv(LISTING_COLUMNS, listingRows(sandbox.world, sandbox.urlOf)));
      const env = { ...process.env };
      delete env.DATABASE_URL;
      const cli = async (...args: string[]) => {
        try {
          const { stdout } = await run(process.execPath, [CLI, '--config', config, ...args], { env });
          return { code: 0, stdout, stderr: '' };
        } catch (error) {
          return error as { code: number; stdout: string; stderr: string };
        }
      };
      await cli('import', 'products', join(dir, 'p.csv'));
      await cli('import', 'listings', join(dir, 'l.csv'));
      const found = await cli('discover', '--json');
      expect(found.code).toBe(0);
      expect(JSON.parse(found.stdout)).toMatchObject({ failed: 0 });
      const proposals = JSON.parse((await cli('listings', 'proposals', '--json')).stdout) as Array<{
        id: number;
        url: string;
      }>;
      expect(proposals.length).toBeGreaterThan(0);
      const first = proposals[0];
      if (!first) throw new Error('no proposal');
      expect((await cli('listings', 'accept', String(first.id), '--by', 'Cán bộ Lan')).stdout).toContain('linked');
      const again = await cli('listings', 'reject', String(first.id), '--by', 'Cán bộ Lan');
      expect(again.code).toBe(2);
      expect(again.stderr).toContain('already decided');
      expect((await cli('listings', 'accept', String(first.id))).stderr).toContain('--by');
      expect((await cli('discover', '--marketplace', 'postmart')).stderr).toContain('can be searched: voso, tiki');
    } finally {
      await sandbox.close();
    }
  });
});
