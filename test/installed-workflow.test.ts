import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Sandbox, startSandbox } from '@ocop-monitor/sandbox';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { sandboxConfigLayer } from '../workers/src/sandbox-config.ts';

const run = promisify(execFile);
const WRAPPER = new URL('../bin/ocop-monitor', import.meta.url).pathname;

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

let sandbox: Sandbox;
let folder = '';
let bin = '';

/** `ocop-monitor …` as a user types it: the installed command on PATH, in the province's folder. */
async function ocopMonitor(...args: string[]): Promise<Ran> {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}:/usr/local/bin:/usr/bin:/bin`, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL; // a province's first machine: the embedded store
  try {
    const { stdout, stderr } = await run('ocop-monitor', args, { cwd: folder, env, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as Ran;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 12, products: 40 });
  folder = mkdtempSync(join(tmpdir(), 'ocop-province-')); // empty: no ./data, no config/
  bin = join(folder, '.bin');
  mkdirSync(bin);
  symlinkSync(WRAPPER, join(bin, 'ocop-monitor')); // what `ln -s …/bin/ocop-monitor /usr/local/bin/` does
  // The province's config: the sandbox's marketplaces, and a short confirmation delay so that two
  // runs a few seconds apart can confirm a removal (production keeps 6 h).
  const layer = sandboxConfigLayer(sandbox.baseUrls) as Record<string, unknown>;
  writeFileSync(join(folder, 'tinh.yaml'), stringify({ ...layer, monitor: { confirmAfterHours: 0.0001 } }));
  for (const name of ['products.csv', 'listings.csv']) {
    const response = await fetch(`${sandbox.controlUrl}/registry/${name}`);
    writeFileSync(join(folder, name === 'products.csv' ? 'san-pham.csv' : 'tin-dang.csv'), await response.text());
  }
});

afterAll(async () => {
  await sandbox?.close();
});

describe('the README workflow with the installed command, in an empty folder, on the embedded store', () => {
  it('import products, import listings, check, alerts list, alerts confirm, report coverage', {
    timeout: 240_000,
  }, async () => {
    const products = await ocopMonitor('--config', 'tinh.yaml', 'import', 'products', 'san-pham.csv');
    expect(products.code, products.stderr).toBe(0);
    expect(products.stdout).toMatch(/40 dòng\/rows read, 40 mới\/new/u);
    expect(existsSync(join(folder, 'data/pglite'))).toBe(true);

    const listings = await ocopMonitor('--config', 'tinh.yaml', 'import', 'listings', 'tin-dang.csv');
    expect(listings.code, listings.stderr).toBe(0);

    // Day 1, then the marketplace removes one listing; days 2 and 3 see it gone twice.
    const first = await ocopMonitor('--config', 'tinh.yaml', 'check', '--date', '2026-01-06', '--json');
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout).verdicts.active).toBeGreaterThan(20);
    const removed = sandbox.world.listings.find(
      (l) => l.knownToProvince && l.removedOnDay === null && l.marketplace === 'voso',
    );
    if (!removed) throw new Error('no voso listing on sale');
    Object.assign(removed, { removedOnDay: sandbox.world.day, removalReason: 'policy', removalMode: 'http404' });
    for (const date of ['2026-01-07', '2026-01-08']) {
      const day = await ocopMonitor('--config', 'tinh.yaml', 'check', '--date', date);
      expect(day.code, day.stderr).toBe(0);
      expect(day.stdout).toContain(`Lượt kiểm tra ngày ${date.split('-').reverse().join('/')}`);
      // What the run asked of the marketplaces, per listing (shop pages included where read).
      expect(day.stdout).toMatch(/Yêu cầu tới các sàn: \d+ cho \d+ tin đăng \(\d+(,\d+)? mỗi tin\)/u);
      // The operator reads the run in words, not the codes the JSON keeps.
      expect(day.stdout).toMatch(/Kết quả: Đang bán \d+/u);
      expect(day.stdout).not.toMatch(/\b(active|delisted|listed|not_found|listing_delisted|in_stock)\b/u);
    }
    // The removal the run found, in words: the listing's change and the reason the marketplace gave.
    const removalDay = await ocopMonitor('--config', 'tinh.yaml', 'check', '--date', '2026-01-07', '--lang', 'en');
    expect(removalDay.code, removalDay.stderr).toBe(0);
    expect(removalDay.stdout).toContain('Run of 07/01/2026');
    expect(removalDay.stdout).toMatch(/Why: .*not found \(404\) 1/u);
    expect(removalDay.stdout).toMatch(/Listings that changed: .*On sale → Suspected removed, to be checked again: 1/u);

    const list = await ocopMonitor('--config', 'tinh.yaml', 'alerts', 'list', '--type', 'listing_delisted', '--json');
    expect(list.code, list.stderr).toBe(0);
    const alerts = JSON.parse(list.stdout) as Array<{ id: number; evidence: { url: string } }>;
    expect(alerts.map((a) => a.evidence.url)).toEqual([sandbox.urlOf(removed)]);

    const confirmed = await ocopMonitor(
      '--config',
      'tinh.yaml',
      'alerts',
      'confirm',
      String(alerts[0]?.id),
      '--by',
      'Nguyễn Văn A',
      '--note',
      'đã gọi HTX',
    );
    expect(confirmed.code, confirmed.stderr).toBe(0);
    expect(confirmed.stdout).toMatch(/listing_delisted → confirmed/u);
    expect(confirmed.stdout).toContain('Nguyễn Văn A: Xác nhận (Chờ xem xét → Đã xác nhận) — đã gọi HTX');

    const report = await ocopMonitor(
      '--config',
      'tinh.yaml',
      'report',
      'coverage',
      '--date',
      '2026-01-08',
      '--format',
      'xlsx',
      '--out',
      'bao-cao.xlsx',
    );
    expect(report.code, report.stderr).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(folder, 'bao-cao.xlsx'));
    expect(book.worksheets.length).toBeGreaterThan(1);
  });

  it('failures a user meets are one line with what to do, and a non-zero exit code', {
    timeout: 120_000,
  }, async () => {
    const missing = await ocopMonitor('import', 'products', 'khong-co.csv');
    expect(missing.code).not.toBe(0);
    const badConfig = join(folder, 'sai.yaml');
    writeFileSync(badConfig, 'monitor:\n  confirmAfterHours: -1\n');
    const bad = await ocopMonitor('--config', 'sai.yaml', 'alerts', 'list');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('monitor.confirmAfterHours');
    const file = join(folder, 'a-file');
    writeFileSync(file, '');
    writeFileSync(join(folder, 'file-store.yaml'), `dataDir: ${join(file, 'pglite')}\n`);
    const store = await ocopMonitor('--config', 'file-store.yaml', 'alerts', 'list');
    expect(store.code).toBe(1);
    expect(store.stderr).toMatch(/cannot use .* for the embedded store: .*Set dataDir/u);
    expect(store.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain('Cannot read khong-co.csv: ENOENT');
    // A configuration error lists each bad key on a line of its own; none of them is a stack trace.
    for (const failure of [missing, bad, store]) expect(failure.stderr).not.toMatch(/\n\s+at /u);
  });

  it('PostgreSQL or Redis out of reach: one line naming it, and what to do', { timeout: 60_000 }, async () => {
    const env = (extra: Record<string, string>) => ({ ...process.env, PATH: `${bin}:/usr/bin:/bin`, ...extra });
    const tryRun = async (args: string[], extra: Record<string, string>): Promise<Ran> => {
      try {
        const { stdout, stderr } = await run('ocop-monitor', args, { cwd: folder, env: env(extra), timeout: 30_000 });
        return { code: 0, stdout, stderr };
      } catch (error) {
        return error as Ran;
      }
    };
    const postgres = await tryRun(['alerts', 'list'], { DATABASE_URL: 'postgres://ocop@127.0.0.1:1/ocop' });
    expect(postgres.code).toBe(1);
    expect(postgres.stderr.trim()).toMatch(/^ocop-monitor: cannot open PostgreSQL at .*Check DATABASE_URL/u);
    const redis = await tryRun(['run-now', '--date', '2026-01-09'], {
      REDIS_URL: 'redis://127.0.0.1:1',
      DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    });
    expect(redis.code).toBe(2);
    expect(redis.stderr.trim()).toMatch(/^ocop-monitor: cannot reach Redis at redis:\/\/127\.0\.0\.1:1: .*REDIS_URL$/u);
  });
});
