import { execFile } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// The embedded store's files on a machine other people use (issue 28): private, corrected when an
// earlier release left them readable, and found where the config says, whatever folder a command
// runs in.

const run = promisify(execFile);
const CLI = new URL('../bin/ocop-monitor', import.meta.url).pathname;
const SAMPLE = new URL('../examples/san-pham-mau.csv', import.meta.url).pathname;

async function cli(cwd: string, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  try {
    const { stdout, stderr } = await run(CLI, args, { cwd, env, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    return error as { code: number; stdout: string; stderr: string };
  }
}

/** Every entry under `dir` whose mode is not 0700 (folders) / 0600 (files). */
function notPrivate(dir: string): string[] {
  const wrong: string[] = [];
  const walk = (path: string) => {
    const stat = lstatSync(path);
    if ((stat.mode & 0o777) !== (stat.isDirectory() ? 0o700 : 0o600)) wrong.push(path);
    if (stat.isDirectory()) for (const entry of readdirSync(path)) walk(join(path, entry));
  };
  walk(dir);
  return wrong;
}

function chmodTree(path: string, file: number, folder: number): void {
  const stat = lstatSync(path);
  chmodSync(path, stat.isDirectory() ? folder : file);
  if (stat.isDirectory()) for (const entry of readdirSync(path)) chmodTree(join(path, entry), file, folder);
}

describe("the embedded store's files", { timeout: 300_000 }, () => {
  it('are created private; ones left readable are corrected on the next open, said once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocop-files-'));
    writeFileSync(join(dir, 'tinh.yaml'), 'dataDir: data/pglite\n');
    const imported = await cli(dir, '--config', 'tinh.yaml', 'import', 'products', SAMPLE);
    expect(imported.code, imported.stderr).toBe(0);
    const store = join(dir, 'data/pglite');
    expect(notPrivate(store)).toEqual([]);

    chmodTree(store, 0o666, 0o777); // as an earlier release left it
    const first = await cli(dir, '--config', 'tinh.yaml', 'alerts', 'list');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr.match(/made private/gu)).toHaveLength(1);
    expect(notPrivate(store)).toEqual([]);
    const second = await cli(dir, '--config', 'tinh.yaml', 'alerts', 'list');
    expect(second.stderr).not.toContain('made private');

    const report = await cli(dir, '--config', 'tinh.yaml', 'report', 'coverage', '--format', 'csv', '--out', 'bc.csv');
    expect(report.code, report.stderr).toBe(0);
    expect(lstatSync(join(dir, 'bc.csv')).mode & 0o777).toBe(0o600);
  });

  it("a relative dataDir is the config file's folder, from whatever folder the command runs", async () => {
    const install = mkdtempSync(join(tmpdir(), 'ocop-install-'));
    const elsewhere = mkdtempSync(join(tmpdir(), 'ocop-home-'));
    writeFileSync(join(install, 'config.yaml'), 'dataDir: ./data/pglite\n');
    const config = join(install, 'config.yaml');
    expect((await cli(install, '--config', config, 'import', 'products', SAMPLE)).code).toBe(0);
    const fromHome = await cli(elsewhere, '--config', config, 'report', 'coverage', '--format', 'json');
    expect(fromHome.code, fromHome.stderr).toBe(0);
    expect(JSON.parse(fromHome.stdout).denominator).toBeGreaterThan(0); // the install's store, not a new one
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('a command that would create an empty store while one exists in its folder says where, and stops unless --new-store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocop-moved-'));
    expect((await cli(dir, 'import', 'products', SAMPLE)).code).toBe(0); // the default ./data/pglite
    writeFileSync(join(dir, 'tinh.yaml'), 'dataDir: kho/pglite\n');
    const refused = await cli(dir, '--config', 'tinh.yaml', 'users', 'add', 'anna', '--role', 'viewer');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`there is one at ${join(dir, 'data/pglite')}`);
    expect(refused.stderr).toContain('--new-store');
    expect(existsSync(join(dir, 'kho'))).toBe(false);
    const created = await cli(dir, '--config', 'tinh.yaml', '--new-store', 'alerts', 'list');
    expect(created.code, created.stderr).toBe(0);
    expect(existsSync(join(dir, 'kho/pglite/PG_VERSION'))).toBe(true);
  });
});
