import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FixtureServer } from '@ocop-monitor/adapters/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';

const run = promisify(execFile);
const CLI = new URL('../bin/ocop-monitor', import.meta.url).pathname;
const HOLDER = new URL('./fixtures/hold-store.ts', import.meta.url).pathname;
const PRODUCT_PAGE = readFileSync(
  new URL('../packages/adapters/src/voso/fixtures/real-2021-product-p101533.html', import.meta.url),
  'utf8',
);
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

function province(): { dir: string; config: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ocop-lock-'));
  const config = join(dir, 'tinh.yaml');
  writeFileSync(config, `dataDir: ${join(dir, 'data/pglite')}\n`);
  return { dir, config };
}

async function cli(dir: string, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const started = Date.now();
  try {
    const { stdout, stderr } = await run(CLI, args, { cwd: dir, env, timeout: 60_000 });
    return { code: 0, stdout, stderr, ms: Date.now() - started };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { ...failed, ms: Date.now() - started };
  }
}

/** Another process holding the store, ready once it says so. */
async function holder(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [HOLDER, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('holding')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`holder exited with ${code}`)));
  });
  return child;
}

describe('the embedded store has one owner', () => {
  it('a second process is refused at once, naming the owner and what to do', { timeout: 120_000 }, async () => {
    const { dir, config } = province();
    const owner = await holder(join(dir, 'data/pglite'));
    const second = await cli(dir, '--config', config, 'check');
    expect(second.code).toBe(3);
    expect(second.stderr.trim().split('\n')).toHaveLength(1);
    expect(second.stderr).toContain(`in use by process ${owner.pid}`);
    expect(second.stderr).toMatch(/started \d{4}-\d{2}-\d{2}T/u);
    expect(second.stderr).toContain('DATABASE_URL');
    for (const command of [['alerts', 'list'], ['backup', '--out', 'x.bak'], ['start']]) {
      const refused = await cli(dir, '--config', config, ...command);
      expect(refused.code, command.join(' ')).toBe(3);
    }
  });

  it('a `check` started while another is checking is refused; the first finishes and the store is intact', {
    timeout: 120_000,
  }, async () => {
    const { dir, config } = province();
    // The marketplace holds the product page until the second command has been answered, so the
    // first `check` is certainly mid-run, holding the store, when the second one starts.
    const marketplace = new FixtureServer();
    const base = await marketplace.start();
    let release = () => {};
    const hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    marketplace.serve({ '/che-vang-p101533.html': { body: PRODUCT_PAGE, hold } });
    writeFileSync(
      config,
      `dataDir: ${join(dir, 'data/pglite')}\nmarketplaces:\n  voso:\n    baseUrl: "${base}"\n` +
        'http:\n  minIntervalMs: 0\n  jitterMs: 0\n',
    );
    const sample = new URL('../examples/san-pham-mau.csv', import.meta.url).pathname;
    expect((await cli(dir, '--config', config, 'import', 'products', sample)).code).toBe(0);
    const listings = join(dir, 'tin-dang.csv');
    writeFileSync(
      listings,
      `Mã sản phẩm quốc gia,Mã sản phẩm địa phương,URL tin đăng\n100231,OCOP-QT-0001,${base}/che-vang-p101533.html\n`,
    );
    const imported = await cli(dir, '--config', config, 'import', 'listings', listings);
    expect(imported.code, imported.stderr).toBe(0);

    const first = cli(dir, '--config', config, 'check', '--date', '2026-06-01');
    await vi.waitFor(() => expect(marketplace.requests).toContain('/che-vang-p101533.html'), { timeout: 60_000 });
    const second = await cli(dir, '--config', config, 'check', '--date', '2026-06-01');
    release();
    const finished = await first;
    await marketplace.close();
    expect(second.code).toBe(3);
    expect(second.stderr).toContain('in use by process');
    expect(finished.code, finished.stderr).toBe(0);
    for (const ran of [finished, second]) expect(ran.stderr).not.toMatch(/\n\s+at /u);
    const after = await cli(dir, '--config', config, 'report', 'coverage', '--date', '2026-06-01', '--format', 'json');
    expect(after.code, after.stderr).toBe(0);
    expect(JSON.parse(after.stdout)).toMatchObject({ covered: 1 }); // the first check's verdict was stored
  });

  it('a lock left by a crashed process is detected and taken over', { timeout: 120_000 }, async () => {
    const { dir, config } = province();
    const owner = await holder(join(dir, 'data/pglite'));
    owner.kill('SIGKILL');
    await new Promise((resolve) => owner.once('exit', resolve));
    expect(existsSync(join(dir, 'data/pglite.lock'))).toBe(true);
    const next = await cli(dir, '--config', config, 'alerts', 'list');
    expect(next.code, next.stderr).toBe(0);
    expect(readdirSync(join(dir, 'data'))).toContain(`pglite.lock.stale-${owner.pid}`);
    expect(existsSync(join(dir, 'data/pglite.lock'))).toBe(false); // released on exit
  });

  it('worker, scheduler and run-now refuse the embedded store and point at `start`', { timeout: 120_000 }, async () => {
    const { dir, config } = province();
    for (const command of ['worker', 'scheduler', 'run-now']) {
      const refused = await cli(dir, '--config', config, command);
      expect(refused.code, command).toBe(2);
      expect(refused.stderr).toContain('needs PostgreSQL (set DATABASE_URL)');
      expect(refused.stderr).toContain('ocop-monitor start');
    }
  });
});
