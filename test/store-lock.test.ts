import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FixtureServer } from '@ocop-monitor/adapters/testing';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';

const run = promisify(execFile);
const CLI = new URL('../bin/ocop-monitor', import.meta.url).pathname;
const HOLDER = new URL('./fixtures/hold-store.ts', import.meta.url).pathname;
const RACER = new URL('./fixtures/race-lock.ts', import.meta.url).pathname;
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

/** Another process holding the store, ready once it says so; `private`: one that does not serve it. */
async function holder(dataDir: string, mode: 'serving' | 'private' = 'serving'): Promise<ChildProcess> {
  const child = spawn(process.execPath, [HOLDER, dataDir, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
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
  it('an owner that does not serve the store (an earlier release): the others are refused at once, naming it', {
    timeout: 120_000,
  }, async () => {
    const { dir, config } = province();
    const owner = await holder(join(dir, 'data/pglite'), 'private');
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

  it('commands beside a `check` mid-run work through it; the check finishes and the store is intact', {
    timeout: 120_000,
  }, async () => {
    const { dir, config } = province();
    // The marketplace holds the product page until the other commands have been answered, so the
    // `check` is certainly mid-run, owning the store, while they run.
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
    const during = await cli(dir, '--config', config, 'report', 'coverage', '--date', '2026-06-01', '--format', 'json');
    const alerts = await cli(dir, '--config', config, 'alerts', 'list');
    // `run-now` asks the service; a `check` does not run checks for others, and it says what to do.
    const runNow = await cli(dir, '--config', config, 'run-now', '--date', '2026-06-02');
    release();
    const finished = await first;
    await marketplace.close();
    expect(during.code, during.stderr).toBe(0);
    expect(JSON.parse(during.stdout)).toMatchObject({ covered: 0 }); // mid-run: not yet
    expect(alerts.code, alerts.stderr).toBe(0);
    expect(runNow.code).toBe(2);
    expect(runNow.stderr).toMatch(/check --date 2026-06-01\), which does not take runs/u);
    expect(runNow.stderr).toContain('ocop-monitor start');
    expect(finished.code, finished.stderr).toBe(0);
    for (const ran of [finished, during, alerts, runNow]) expect(ran.stderr).not.toMatch(/\n\s+at /u);
    const after = await cli(dir, '--config', config, 'report', 'coverage', '--date', '2026-06-01', '--format', 'json');
    expect(after.code, after.stderr).toBe(0);
    expect(JSON.parse(after.stdout)).toMatchObject({ covered: 1 }); // the first check's verdict was stored
  });

  it('a backup beside any serving owner is streamed to the asking command, written in its folder, 0600, and restores', {
    timeout: 180_000,
  }, async () => {
    const { dir, config } = province();
    const sample = new URL('../examples/san-pham-mau.csv', import.meta.url).pathname;
    expect((await cli(dir, '--config', config, 'import', 'products', sample)).code).toBe(0);
    const coverage = async (at: { dir: string; config: string }) =>
      JSON.parse((await cli(at.dir, '--config', at.config, 'report', 'coverage', '--format', 'json')).stdout);
    const before = await coverage({ dir, config });
    const owner = await holder(join(dir, 'data/pglite')); // neither `start` nor `serve`: any owner streams it
    const elsewhere = mkdtempSync(join(tmpdir(), 'ocop-asker-'));
    const backup = await cli(elsewhere, '--config', config, 'backup', '--out', 'sao-luu.bak');
    expect(backup.code, backup.stderr).toBe(0);
    expect(statSync(join(elsewhere, 'sao-luu.bak')).mode & 0o777).toBe(0o600);
    expect(readdirSync(elsewhere)).toEqual(['sao-luu.bak']); // no `.partial` left, nothing in the owner's folder
    owner.kill('SIGKILL');
    const copy = province();
    const restored = await cli(copy.dir, '--config', copy.config, 'restore', join(elsewhere, 'sao-luu.bak'));
    expect(restored.code, restored.stderr).toBe(0);
    expect(await coverage(copy)).toEqual(before);
  });

  it('SIGTERM ends a serving owner whatever its clients do: one mid-transaction, one stalled, one malformed', {
    timeout: 180_000,
  }, async () => {
    const { dir } = province();
    const owner = await holder(join(dir, 'data/pglite'));
    const socketDir = join(dir, 'data/pglite.socket');
    const inTransaction = new pg.Client({ host: socketDir, port: 5432, user: 'postgres', database: 'postgres' });
    inTransaction.on('error', () => {});
    await inTransaction.connect();
    await inTransaction.query('begin');
    const raw = (bytes: Buffer) => {
      const socket = createConnection(join(socketDir, '.s.PGSQL.5432'));
      socket.on('error', () => {});
      socket.on('connect', () => socket.write(bytes));
      return socket;
    };
    const startup = Buffer.from('\0\0\0\x27\0\x03\0\0user\0postgres\0database\0postgres', 'latin1'); // no final zero byte
    const malformed = raw(startup);
    const stalled = raw(
      Buffer.concat([
        Buffer.from('\0\0\0\x29\0\x03\0\0user\0postgres\0database\0postgres\0\0', 'latin1'),
        Buffer.from('P\0\0\0\x0f\0select 1\0\0\0', 'latin1'),
      ]),
    );
    const exited = new Promise<number | null>((resolve) => owner.once('exit', resolve));
    await new Promise((resolve) => setTimeout(resolve, 500));
    owner.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const socket of [malformed, stalled]) socket.destroy();
    await inTransaction.end().catch(() => {});
    expect(existsSync(join(dir, 'data/pglite.lock'))).toBe(false); // released: the next command opens it at once
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

  it('many processes racing for the lock, some dying while holding it: never two holders at once', {
    timeout: 300_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocop-race-'));
    const holders = join(dir, 'holders');
    mkdirSync(holders);
    let staleTaken = 0;
    for (let round = 0; round < 10; round += 1) {
      const racers = Array.from({ length: 8 }, (_, i) => {
        const child = spawn(process.execPath, [RACER, join(dir, 'pglite'), holders, i % 3 === 0 ? 'yes' : 'no'], {
          stdio: ['ignore', 'ignore', 'inherit'],
        });
        children.push(child);
        return new Promise<number | null>((resolve) => child.once('exit', resolve));
      });
      expect(await Promise.all(racers)).toEqual(Array(8).fill(0)); // each one held it, in turn
      staleTaken += readdirSync(dir).filter((name) => name.startsWith('pglite.lock.stale-')).length;
    }
    expect(readdirSync(holders).filter((name) => name.startsWith('overlap'))).toEqual([]);
    expect(staleTaken).toBeGreaterThan(0); // locks of dead holders were taken over, not waited on
  });

  it('worker and scheduler refuse the embedded store and point at `start`; run-now without the service says to start it', {
    timeout: 120_000,
  }, async () => {
    const { dir, config } = province();
    for (const command of ['worker', 'scheduler']) {
      const refused = await cli(dir, '--config', config, command);
      expect(refused.code, command).toBe(2);
      expect(refused.stderr).toContain('needs PostgreSQL (set DATABASE_URL)');
      expect(refused.stderr).toContain('ocop-monitor start');
    }
    const runNow = await cli(dir, '--config', config, 'run-now');
    expect(runNow.code).toBe(2);
    expect(runNow.stderr).toContain('but no process serves the embedded store');
    expect(runNow.stderr).toContain('ocop-monitor start');
    expect(runNow.stderr).toContain('ocop-monitor check --date');
  });
});
