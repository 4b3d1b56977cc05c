import { resolveListingUrl } from '@ocop-monitor/adapters';
import { vietnamDay } from '@ocop-monitor/monitor';
import type { Runtime } from '../runtime.ts';
import { formatNegativeControl, formatObservation } from './format-observation.ts';
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
  const ctx = { http: runtime.http, logger: runtime.logger };
  const observation = await adapter.check(ref, ctx);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(observation, null, 2)}\n`);
    return;
  }
  const lines = [formatObservation(observation)];
  // A page not on sale: what a run would compare it with, today's answer for an address no product has.
  if (observation.verdict !== 'active') {
    const control = adapter.notFoundControl(ref, vietnamDay(new Date()));
    lines.push(
      formatNegativeControl(control ? await adapter.check(control, ctx) : null, adapter.notFoundAnswers.length),
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
