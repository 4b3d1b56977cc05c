import { resolveListingUrl } from '@ocop-monitor/adapters';
import type { Runtime } from '../runtime.ts';
import { formatObservation } from './format-observation.ts';
import { UsageError } from './usage-error.ts';

/** `ocop-monitor probe <url>`: runs the matching adapter on one URL and prints the Observation. */
export async function probe(runtime: Runtime, url: string, options: { json?: boolean }): Promise<void> {
  let host: string;
  try {
    host = new URL(url).host;
  } catch {
    throw new UsageError(`"${url}" is not a URL. Give a full product URL, e.g. https://voso.vn/tra-sen-p101533.html`);
  }
  const resolved = resolveListingUrl(runtime.adapters, url);
  if (!resolved) {
    const owner = runtime.adapters.find((adapter) => adapter.hosts.includes(host.toLowerCase()));
    const configured = runtime.adapters.map((adapter) => `${adapter.hosts.join(', ')} (${adapter.id})`).join('; ');
    throw new UsageError(
      owner
        ? `${url} is on ${owner.displayName} but is not a product page URL that the ${owner.id} adapter recognises.`
        : `${host} is not a configured marketplace. Configured marketplaces: ${configured}. ` +
            'Add it under marketplaces in a --config file.',
    );
  }
  const { adapter, ref } = resolved;
  runtime.logger.debug({ marketplace: adapter.id, itemId: ref.itemId }, 'probing');
  const observation = await adapter.check(ref, { http: runtime.http, logger: runtime.logger });
  process.stdout.write(`${options.json ? JSON.stringify(observation, null, 2) : formatObservation(observation)}\n`);
}
