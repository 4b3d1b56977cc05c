import type { Observation } from '@ocop-monitor/adapters';
import { type ListingTruth, type Sandbox, startSandbox } from '@ocop-monitor/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { adaptersFor, checkAll } from './sandbox-support.ts';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

/** What each marketplace shows of the true sold count. */
function expectSoldMatches(truth: ListingTruth, observation: Observation): void {
  if (observation.verdict !== 'active') return;
  const sold = observation.data.sold;
  switch (truth.marketplace) {
    case 'voso':
      return void expect(sold).toMatchObject({ value: truth.sold, approximate: false });
    case 'tiki':
      return void expect(sold === null ? 0 : sold.value).toBe(truth.sold);
    case 'postmart':
      if (truth.sold < 1_000) return void expect(sold).toMatchObject({ value: truth.sold, approximate: false });
      expect(sold?.approximate).toBe(true);
      expect(truth.sold - (sold?.value ?? 0)).toBeGreaterThanOrEqual(0); // rounded down, never up
      return void expect(truth.sold - (sold?.value ?? 0)).toBeLessThan(truth.sold >= 10_000 ? 10_000 : 100);
    case 'floor':
      return void expect(sold).toBeNull(); // the floor template shows views, not sales
  }
}

describe('every adapter against the sandbox, 90 simulated days, no faults', () => {
  it.each([1, 2, 3])(
    'seed %i: every verdict, stock state and sold count matches the truth',
    async (seed) => {
      sandbox = await startSandbox({ seed, products: 50 });
      const { adapters, http } = adaptersFor(sandbox);
      let checks = 0;
      let delisted = 0;
      try {
        for (let day = 0; day <= 90; day += 1) {
          if (day > 0) sandbox.advanceDays(1);
          for (const { truth, observation } of await checkAll(sandbox.truth().listings, adapters, http)) {
            checks += 1;
            const where = `${truth.url} on day ${day}`;
            expect(observation.verdict, where).toBe(truth.onSale ? 'active' : 'delisted');
            if (observation.verdict === 'delisted') delisted += 1;
            if (observation.verdict === 'active') {
              expect(observation.data.stock, where).toBe(truth.inStock ? 'in_stock' : 'out_of_stock');
              expectSoldMatches(truth, observation);
            }
          }
        }
      } finally {
        await http.close();
      }
      expect(checks).toBeGreaterThan(3_000);
      expect(delisted).toBeGreaterThan(100); // the marketplaces did delist listings without sales
    },
    90_000,
  ); // ~4,500 checks over real HTTP: 13–15 s alone, more on a busy two-core machine
});

describe('the sandbox with faults on', () => {
  it('never makes a listing on sale look delisted; faults come back as unknown with their reason', {
    timeout: 120_000,
  }, async () => {
    sandbox = await startSandbox({ seed: 11, products: 80, faults: 'heavy' });
    const { adapters, http } = adaptersFor(sandbox);
    const reasons = new Map<string, number>();
    try {
      for (let day = 0; day < 10; day += 1) {
        sandbox.advanceDays(1);
        for (const { truth, observation } of await checkAll(sandbox.truth().listings, adapters, http)) {
          if (truth.onSale) expect(observation.verdict, truth.url).not.toBe('delisted');
          else expect(observation.verdict, truth.url).not.toBe('active');
          if (observation.verdict === 'unknown')
            reasons.set(observation.reason, (reasons.get(observation.reason) ?? 0) + 1);
        }
      }
    } finally {
      await http.close();
    }
    expect([...reasons.keys()].sort()).toEqual(['blocked', 'network', 'rate_limited', 'server_error', 'timeout']);
  });

  it('a site redesign makes that marketplace parse_failed, never delisted', async () => {
    sandbox = await startSandbox({ seed: 5, products: 60 });
    sandbox.setFaults({ voso: 'redesign', tiki: 'redesign', postmart: 'redesign', floor: 'redesign' });
    const { adapters, http } = adaptersFor(sandbox);
    try {
      const results = await checkAll(
        sandbox.truth().listings.filter((l) => l.onSale),
        adapters,
        http,
      );
      expect(results.length).toBeGreaterThan(40);
      for (const { truth, observation } of results) {
        expect({ at: truth.url, verdict: observation.verdict, reason: observation.reason }).toEqual({
          at: truth.url,
          verdict: 'unknown',
          reason: 'parse_failed',
        });
      }
    } finally {
      await http.close();
    }
  });

  it('is reproducible: the same seed gives the same world and the same faults', async () => {
    const first = await startSandbox({ seed: 42, products: 40, faults: 'light' });
    const second = await startSandbox({ seed: 42, products: 40, faults: 'light' });
    try {
      first.advanceDays(30);
      second.advanceDays(30);
      const strip = (s: Sandbox) => s.truth().listings.map(({ url: _url, ...rest }) => rest);
      expect(strip(first)).toEqual(strip(second));
    } finally {
      await first.close();
      await second.close();
    }
  });
});
