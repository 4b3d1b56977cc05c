import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fingerprintOf, observationSchema } from '@ocop-monitor/adapters';
import { FixtureServer } from '@ocop-monitor/adapters/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const CLI = new URL('./main.ts', import.meta.url).pathname;
const realPage = readFileSync(
  new URL('../../../packages/adapters/src/voso/fixtures/real-2021-product-p101533.html', import.meta.url),
  'utf8',
);

const VOSO_NOT_FOUND =
  '<!DOCTYPE html><html lang="vi"><head><title>Không tìm thấy sản phẩm p7</title></head><body><div class="page-404"><h1>404</h1><p>Không tìm thấy</p></div></body></html>';

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('ocop-monitor probe', () => {
  const server = new FixtureServer();
  let base = '';
  let configFile = '';

  beforeAll(async () => {
    base = await server.start();
    const dir = mkdtempSync(join(tmpdir(), 'ocop-probe-'));
    configFile = join(dir, 'local.yaml');
    // voso's own not-found page, kept as the doctor keeps it.
    const kept = fingerprintOf({ status: 404, headers: { 'content-type': 'text/html' }, body: VOSO_NOT_FOUND });
    writeFileSync(
      configFile,
      `marketplaces:\n  voso:\n    baseUrl: "${base}"\n    notFoundAnswers:\n      - status: 404\n        contentType: text/html\n        signature: "${kept.signature}"\nhttp:\n  minIntervalMs: 0\n  jitterMs: 0\n`,
    );
    server.serve({
      '/giay-sneaker-nam-p101533.html': { body: realPage },
      '/gone-p7.html': { status: 404, body: VOSO_NOT_FOUND },
      '/nginx-p8.html': {
        status: 404,
        body: '<html><head><title>404 Not Found</title></head><body><center>nginx</center></body></html>',
      },
      // Any other address (the one no product has, which probe asks beside a page not on sale).
      '*': { status: 404, body: VOSO_NOT_FOUND.replace('p7', 'p912345') },
      '/hidden-p101533.html': { body: realPage.replace('"activated":1', '"activated":0') },
      '/bounced-p101533.html': { status: 302, headers: { location: '/?returnUrl=%2Fbounced-p101533.html' } },
      '/': { body: '<!DOCTYPE html><html><head><title>voso</title></head><body>Trang chủ</body></html>' },
    });
  });
  afterAll(() => server.close());

  it('prints exactly the Observation with --json, against a local server named in --config', {
    timeout: 60_000,
  }, async () => {
    const { code, stdout } = await cli(
      'probe',
      `${base}/giay-sneaker-nam-p101533.html`,
      '--json',
      '--config',
      configFile,
    );
    expect(code).toBe(0);
    const observation = observationSchema.parse(JSON.parse(stdout));
    expect(observation).toMatchObject({ verdict: 'active', data: { sold: { value: 6 }, price: 199_000 } });
  });

  it('prints a readable bilingual summary without --json, with the rule and its provenance', {
    timeout: 60_000,
  }, async () => {
    const { stdout } = await cli('probe', `${base}/gone-p7.html`, '--config', configFile);
    expect(stdout).toContain('Verdict: delisted (not_found)');
    expect(stdout).toContain('HTTP 404 · rule voso.not-found (seen)');
    expect(stdout).toContain('Seen rule: two sightings far enough apart confirm the removal');
    expect(stdout).toMatch(/Negative control \(an address no product has\): http:\/\/[^ ]+-p9\d{11}\.html/u);
    expect(stdout).toContain('the kept not-found answer');
    // A web server's own 404 is not voso's answer: inconclusive, and probe says what it was.
    const nginx = await cli('probe', `${base}/nginx-p8.html`, '--config', configFile);
    expect(nginx.stdout).toContain('Verdict: unknown (unexpected)');
    expect(nginx.stdout).toContain('rule http.404.unrecognised');
    const hidden = await cli('probe', `${base}/hidden-p101533.html`, '--config', configFile);
    expect(hidden.stdout).toContain('rule voso.record.activated=0 (assumed)');
    expect(hidden.stdout).toContain('a reviewer decides, it never confirms alone');
  });

  it('reads a bounce home with a return address as inconclusive, never a removal', { timeout: 60_000 }, async () => {
    const { code, stdout } = await cli('probe', `${base}/bounced-p101533.html`, '--json', '--config', configFile);
    expect(code).toBe(0);
    expect(observationSchema.parse(JSON.parse(stdout))).toMatchObject({
      verdict: 'unknown',
      evidence: { matchedRule: 'redirect.left-product' },
    });
  });

  it('refuses a host that is not a configured marketplace and lists the configured ones', {
    timeout: 60_000,
  }, async () => {
    const { code, stderr } = await cli('probe', 'http://169.254.169.254/latest/meta-data', '--config', configFile);
    expect(code).toBe(2);
    expect(stderr).toContain('169.254.169.254 is not a configured marketplace');
    expect(stderr).toContain(`${new URL(base).host} (voso)`);
    expect(stderr).toContain('postmart.vn (postmart)');
  });

  it('names the bad key of an invalid configuration', { timeout: 60_000 }, async () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'ocop-bad-')), 'bad.yaml');
    writeFileSync(bad, 'marketplaces:\n  voso:\n    baseUrl: not-a-url\nhttp:\n  maxInFlight: 0\n');
    const { code, stderr } = await cli('probe', 'https://voso.vn/x-p1.html', '--config', bad);
    expect(code).toBe(2);
    expect(stderr).toContain('marketplaces.voso.baseUrl');
    expect(stderr).toContain('http.maxInFlight');
  });
});
