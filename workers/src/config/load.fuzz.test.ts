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
    // Each of these values is wrong for every key listed (a negative, text, a list, an object).
    fc.assert(
      fc.property(
        fc.constantFrom(...KEYS),
        fc.oneof(fc.constant(-1), fc.constant('abc'), fc.constant([1, 2]), fc.constant({ a: 1 })),
        (key, value) => {
          const file = write(stringify(layer(key, value)));
          expect(() => loadConfig({ file, env: {} })).toThrow(ConfigError);
          expect(() => loadConfig({ file, env: {} })).toThrow(key);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a huge number is refused where the key has a bound, and named', () => {
    for (const key of ['monitor.quarantine.unknownShare', 'log.level', 'marketplaces.voso.baseUrl']) {
      const file = write(stringify(layer(key, 1.5e12)));
      expect(() => loadConfig({ file, env: {} }), key).toThrow(key);
    }
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
          // Either the text still is a valid configuration (a cut at a line end), or a ConfigError names the file.
          let outcome: string;
          try {
            outcome = typeof loadConfig({ file, env: {} }).monitor.confirmAfterHours;
          } catch (error) {
            outcome = error instanceof ConfigError ? 'ConfigError' : String(error);
            if (error instanceof ConfigError)
              expect(error.message).toMatch(new RegExp(`${file}|Invalid configuration`, 'u'));
          }
          expect(['number', 'ConfigError']).toContain(outcome);
        },
      ),
      { numRuns: 150 },
    );
  });
});
