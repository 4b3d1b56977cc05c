import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ConfigError, loadConfig } from './load.ts';

const dir = mkdtempSync(join(tmpdir(), 'ocop-config-fuzz-'));
let serial = 0;
const write = (text: string) => {
  serial += 1;
  const file = join(dir, `${serial}.yaml`);
  writeFileSync(file, text);
  return file;
};

/** Keys an operator edits, with the kind of value each takes. */
const KEYS = [
  'http.minIntervalMs',
  'http.maxInFlight',
  'http.checkDeadlineMs',
  'http.retries',
  'monitor.confirmAfterHours',
  'monitor.freshnessHours',
  'monitor.quarantine.unknownShare',
  'monitor.massDelisting.minListings',
  'monitor.rules.zeroSales.warnDays',
  'monitor.rules.outOfStock.days',
  'monitor.checkConcurrency',
  'log.level',
  'marketplaces.voso.baseUrl',
] as const;

/** A YAML layer that sets one dotted key. */
function layer(key: string, value: unknown): Record<string, unknown> {
  return key
    .split('.')
    .reverse()
    .reduce<unknown>((inner, part) => ({ [part]: inner }), value) as Record<string, unknown>;
}

describe('the config loader on wrong or damaged files', () => {
  it('a wrong value for any key is refused with a message naming that key', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KEYS),
        fc.oneof(fc.constant(-1), fc.constant('abc'), fc.constant([1, 2]), fc.constant({ a: 1 }), fc.constant(1.5e12)),
        (key, value) => {
          const file = write(stringify(layer(key, value)));
          let error: unknown = null;
          try {
            loadConfig({ file, env: {} });
          } catch (caught) {
            error = caught;
          }
          // 1.5e12 is a valid (if odd) number for some keys; everything else must be refused.
          if (error === null) return;
          expect(error).toBeInstanceOf(ConfigError);
          expect((error as Error).message).toContain(key);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('damaged YAML is a ConfigError naming the file, never another exception', () => {
    const valid = stringify({
      monitor: { confirmAfterHours: 6, rules: { zeroSales: { warnDays: 30 } } },
      log: { level: 'warn' },
    });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.nat({ max: valid.length }).map((n) => valid.slice(0, n)),
          fc.string().map((junk) => `${valid}\n${junk}`),
          fc.constantFrom('\t- [', ': :', '{{{', 'monitor: [', '\u0000', 'monitor:\n  - 1\n  bad: 2'),
        ),
        (text) => {
          const file = write(text);
          try {
            loadConfig({ file, env: {} });
          } catch (error) {
            expect(error).toBeInstanceOf(ConfigError);
            expect((error as Error).message).toMatch(new RegExp(`${file}|Invalid configuration`, 'u'));
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
