import { z } from 'zod';
import { buyerPageOptionsSchema, createBuyerPageAdapter } from './buyer-pages/adapters.ts';
import type { MarketplaceAdapter } from './contract.ts';
import { OcopError } from './errors.ts';
import { createPostmartAdapter } from './postmart/adapter.ts';
import { postmartOptionsSchema } from './postmart/options.ts';
import { createProvincialFloorAdapter } from './provincial-floor/adapter.ts';
import { provincialFloorOptionsSchema } from './provincial-floor/options.ts';
import { createTikiAdapter } from './tiki/adapter.ts';
import { tikiOptionsSchema } from './tiki/options.ts';
import { createVosoAdapter } from './voso/adapter.ts';
import { vosoOptionsSchema } from './voso/options.ts';

const enabled = { enabled: z.boolean().default(true) };

/** The `marketplaces:` section of the configuration: one entry per built-in adapter, plus floors. */
export const marketplacesConfigSchema = z.object({
  voso: vosoOptionsSchema.extend(enabled).prefault({}),
  postmart: postmartOptionsSchema.extend(enabled).prefault({}),
  tiki: tikiOptionsSchema.extend(enabled).prefault({}),
  floors: z.array(provincialFloorOptionsSchema.extend(enabled)).default([]),
  // Read-only buyer pages, off by default: where a seller consented, the open platform reads exactly.
  shopee: buyerPageOptionsSchema.prefault({}),
  lazada: buyerPageOptionsSchema.prefault({}),
  tiktok: buyerPageOptionsSchema.prefault({}),
});
export type MarketplacesConfig = z.input<typeof marketplacesConfigSchema>;

/** Creates every enabled adapter from configuration. A new marketplace is one line here. */
export function createAdapters(config: MarketplacesConfig = {}): MarketplaceAdapter[] {
  const parsed = marketplacesConfigSchema.parse(config);
  const adapters: MarketplaceAdapter[] = [];
  if (parsed.voso.enabled) adapters.push(createVosoAdapter(parsed.voso));
  if (parsed.postmart.enabled) adapters.push(createPostmartAdapter(parsed.postmart));
  if (parsed.tiki.enabled) adapters.push(createTikiAdapter(parsed.tiki));
  for (const floor of parsed.floors) if (floor.enabled) adapters.push(createProvincialFloorAdapter(floor));
  for (const marketplace of ['shopee', 'lazada', 'tiktok'] as const)
    if (parsed[marketplace].enabled) adapters.push(createBuyerPageAdapter(marketplace, parsed[marketplace]));
  const ids = adapters.map((adapter) => adapter.id);
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate) throw new OcopError('INVALID_OPTIONS', `Two marketplaces share the id ${duplicate}`);
  return adapters;
}

/** The adapter and listing reference for a product URL, or null when no adapter recognises it. */
export function resolveListingUrl(
  adapters: readonly MarketplaceAdapter[],
  url: string,
): { adapter: MarketplaceAdapter; ref: NonNullable<ReturnType<MarketplaceAdapter['parseRef']>> } | null {
  for (const adapter of adapters) {
    const ref = adapter.parseRef(url);
    if (ref) return { adapter, ref };
  }
  return null;
}

/** Every host the adapters talk to: the polite client's allowlist. */
export function adapterHosts(adapters: readonly MarketplaceAdapter[]): string[] {
  return [...new Set(adapters.flatMap((adapter) => adapter.hosts))];
}
