import { fileURLToPath } from 'node:url';
import { readYaml } from './config/load.ts';

const EXAMPLE_FLOOR = fileURLToPath(new URL('../../config/floors/quangtri.yaml', import.meta.url));

/**
 * The configuration layer that points every adapter at a running sandbox: politeness off (it is
 * a local simulator, not a marketplace), and the sandbox's provincial floor read with the layout
 * of the shipped example province, config/floors/quangtri.yaml.
 */
export function sandboxConfigLayer(
  baseUrls: Readonly<Record<'voso' | 'postmart' | 'floor' | 'tiki', string>>,
): unknown {
  const floor = readYaml(EXAMPLE_FLOOR) as Record<string, unknown>;
  return {
    http: {
      minIntervalMs: 0,
      jitterMs: 0,
      maxInFlight: 64,
      headersTimeoutMs: 2_000,
      bodyTimeoutMs: 2_000,
      totalTimeoutMs: 5_000,
      retries: 1,
    },
    marketplaces: {
      voso: { baseUrl: baseUrls.voso },
      postmart: { baseUrl: baseUrls.postmart },
      tiki: { baseUrl: baseUrls.tiki },
      floors: [{ ...floor, id: 'floor-sandbox', displayName: 'Sàn TMĐT (sandbox)', baseUrl: baseUrls.floor }],
    },
  };
}
