import {
  adapterHosts,
  createAdapters,
  type MarketplaceAdapter,
  type Observation,
  PoliteHttpClient,
  resolveListingUrl,
} from '@ocop-monitor/adapters';
import type { ListingTruth, Sandbox } from '@ocop-monitor/sandbox';
import { loadConfig } from '../workers/src/config/load.ts';
import { sandboxConfigLayer } from '../workers/src/sandbox-config.ts';

/** The built-in adapters configured for `sandbox`, with a client made for tests (no retries). */
export function adaptersFor(sandbox: Sandbox): { adapters: MarketplaceAdapter[]; http: PoliteHttpClient } {
  const config = loadConfig({ overrides: sandboxConfigLayer(sandbox.baseUrls), env: {} });
  const adapters = createAdapters(config.marketplaces);
  const http = new PoliteHttpClient({
    ...config.http,
    allowedHosts: adapterHosts(adapters),
    retries: 0,
    headersTimeoutMs: 400,
    bodyTimeoutMs: 400,
    totalTimeoutMs: 1_500,
  });
  return { adapters, http };
}

/** Checks every listing of the truth, a few at a time. */
export async function checkAll(
  truth: readonly ListingTruth[],
  adapters: readonly MarketplaceAdapter[],
  http: PoliteHttpClient,
): Promise<Array<{ truth: ListingTruth; observation: Observation }>> {
  const results: Array<{ truth: ListingTruth; observation: Observation }> = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < truth.length) {
        const listing = truth[next];
        next += 1;
        if (!listing) continue;
        const resolved = resolveListingUrl(adapters, listing.url);
        if (!resolved) throw new Error(`no adapter recognises the sandbox URL ${listing.url}`);
        results.push({ truth: listing, observation: await resolved.adapter.check(resolved.ref, { http }) });
      }
    }),
  );
  return results;
}
