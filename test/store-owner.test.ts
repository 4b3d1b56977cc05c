import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Sandbox, startSandbox } from '@ocop-monitor/sandbox';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildCli } from '../workers/scripts/build-cli.ts';
import { DashboardClient } from './dashboard-client.ts';
import { redisAvailable } from './redis-target.ts';
import { CLI, commandEnv, ocopMonitor, provinceFolder, type Service, startService } from './service-support.ts';

// The one-machine install (docs/operator.md, "Deploying it in a province"): `ocop-monitor start` owns the
// embedded store and serves it; every other command works through it, as an official types them
// while the service runs.

let sandbox: Sandbox;
const services: ChildProcess[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 21, products: 40 });
});
afterAll(async () => {
  await sandbox?.close();
});
afterEach(() => {
  for (const service of services.splice(0)) {
    service.kill('SIGCONT'); // one test stops its service
    service.kill('SIGKILL');
  }
});

async function service(folder: string): Promise<Service> {
  const started = await startService(folder);
  services.push(started.child);
  return started;
}

/** Connections open on the owner's socket besides its listening one (Linux: /proc/net/unix). */
function clientsOnSocket(folder: string): number {
  const socket = join(folder, 'data/pglite.socket/.s.PGSQL.5432');
  return (
    readFileSync('/proc/net/unix', 'utf8')
      .split('\n')
      .filter((line) => line.endsWith(socket)).length - 1
  );
}

describe.skipIf(!redisAvailable)('commands beside a running `start`, through the store it owns', () => {
  it('import, run-now, check, alerts list and confirm, report as XLSX, users add and backup all work while it runs', {
    timeout: 600_000,
  }, async () => {
    const folder = await provinceFolder(sandbox);
    const started = await service(folder);
    const lock = JSON.parse(readFileSync(join(folder, 'data/pglite.lock'), 'utf8')) as { socket: string; name: string };
    expect(lock).toMatchObject({ socket: join(folder, 'data/pglite.socket'), name: 'start' });

    const products = await ocopMonitor(folder, ['import', 'products', 'san-pham.csv']);
    expect(products.code, products.stderr).toBe(0);
    expect(products.stdout).toMatch(/40 dòng\/rows read, 40 mới\/new/u);
    const listings = await ocopMonitor(folder, ['import', 'listings', 'tin-dang.csv']);
    expect(listings.code, listings.stderr).toBe(0);
    const listingCount = Number(/(\d+) dòng\/rows read/u.exec(listings.stdout)?.[1]);

    // run-now asks the service, whose workers do the run; the command follows it to the end.
    const first = await ocopMonitor(folder, ['run-now', '--date', '2026-01-06']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(
      `Lượt ngày 06/01/2026 đã xong / run finished: ${listingCount}/${listingCount} tin đăng đã kiểm tra / checked`,
    );
    // Then what the run found, in words, as `check` prints it.
    expect(first.stdout).toContain(`Lượt kiểm tra ngày 06/01/2026: ${listingCount} lần kiểm tra`);
    expect(first.stdout).toMatch(/Kết quả: Đang bán \d+/u);
    expect(started.log()).toContain('"kind":"run","argument":"2026-01-06"');

    // The marketplace takes a listing down; `check` (asked of the service too) sees it on two days.
    const removed = sandbox.world.listings.find(
      (l) => l.knownToProvince && l.removedOnDay === null && l.marketplace === 'voso',
    );
    if (!removed) throw new Error('no voso listing on sale');
    Object.assign(removed, { removedOnDay: sandbox.world.day, removalReason: 'policy', removalMode: 'http404' });
    for (const date of ['2026-01-07', '2026-01-08']) {
      const day = await ocopMonitor(folder, ['check', '--date', date]);
      expect(day.code, day.stderr).toBe(0);
      expect(day.stdout).toContain(
        `Lượt kiểm tra ngày ${date.split('-').reverse().join('/')}: ${listingCount} lần kiểm tra`,
      );
    }

    const list = await ocopMonitor(folder, ['alerts', 'list', '--type', 'listing_delisted', '--json']);
    expect(list.code, list.stderr).toBe(0);
    const alerts = JSON.parse(list.stdout) as Array<{ id: number; evidence: { url: string } }>;
    expect(alerts.map((a) => a.evidence.url)).toEqual([sandbox.urlOf(removed)]);
    const confirmed = await ocopMonitor(folder, ['alerts', 'confirm', String(alerts[0]?.id), '--by', 'Nguyễn Văn A']);
    expect(confirmed.code, confirmed.stderr).toBe(0);
    const after = await ocopMonitor(folder, ['alerts', 'list', '--state', 'confirmed', '--json']);
    expect((JSON.parse(after.stdout) as Array<{ id: number }>).map((a) => a.id)).toEqual([alerts[0]?.id]);

    const report = await ocopMonitor(folder, [
      'report',
      'coverage',
      '--date',
      '2026-01-08',
      '--format',
      'xlsx',
      '--out',
      'bc.xlsx',
    ]);
    expect(report.code, report.stderr).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(folder, 'bc.xlsx'));
    expect(book.getWorksheet('Tong hop')?.getCell('B1').value).toBe('08/01/2026');

    // An account added from the shell logs in on the service's dashboard at once.
    const added = await ocopMonitor(folder, ['users', 'add', 'anna', '--role', 'reviewer'], 'mật-khẩu-của-anna-2026\n');
    expect(added.code, added.stderr).toBe(0);
    const browser = new DashboardClient(started.dashboard);
    const login = await browser.login('anna', 'mật-khẩu-của-anna-2026');
    expect(login.status).toBe(302);
    expect((await browser.call('GET', `/alerts/${alerts[0]?.id}`)).status).toBe(200);

    // An upgrade rebuilds the CLI's bundle while the service runs: the service keeps its own, whose
    // parts it loads when first used (the XLSX export's here), and commands run the new one.
    await buildCli({ spareMs: 0 });
    expect((await browser.call('GET', '/export/coverage.xlsx')).status).toBe(200);

    // The nightly backup is written by the service; it restores into a store that reads the same.
    const backup = await ocopMonitor(folder, ['backup', '--out', 'dem.bak']);
    expect(backup.code, backup.stderr).toBe(0);
    expect(statSync(join(folder, 'dem.bak')).mode & 0o777).toBe(0o600);
    const copy = await provinceFolder(sandbox);
    expect((await ocopMonitor(copy, ['restore', join(folder, 'dem.bak')])).code).toBe(0);
    const restored = await ocopMonitor(copy, ['alerts', 'list', '--state', 'confirmed', '--json']);
    expect(restored.code, restored.stderr).toBe(0);
    expect((JSON.parse(restored.stdout) as Array<{ id: number }>).map((a) => a.id)).toEqual([alerts[0]?.id]);

    expect(started.child.exitCode).toBeNull(); // the service ran throughout
  });

  it('the owner killed mid-command: the command says so (exit 3), nothing half-done is kept, the next one takes over', {
    timeout: 300_000,
  }, async () => {
    const folder = await provinceFolder(sandbox);
    const started = await service(folder);
    expect((await ocopMonitor(folder, ['import', 'products', 'san-pham.csv'])).code).toBe(0);

    // `users add` opens the store, then waits for the password: the owner dies in between.
    const command = spawn(CLI, ['--config', 'tinh.yaml', 'users', 'add', 'binh', '--role', 'viewer'], {
      cwd: folder,
      env: commandEnv(),
    });
    let stderr = '';
    command.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number>((resolve) => command.once('exit', (code) => resolve(code ?? -1)));
    await vi.waitFor(() => expect(clientsOnSocket(folder)).toBeGreaterThan(0), { timeout: 60_000, interval: 100 });
    started.child.kill('SIGKILL');
    await new Promise((resolve) => started.child.once('exit', resolve));
    command.stdin?.end('mật-khẩu-của-bình-2026\n');
    expect(await exited).toBe(3);
    expect(stderr.trim()).toMatch(/connection closed during the command .* run the command again$/u);
    expect(stderr).not.toMatch(/\n\s+at /u);

    // The lock and the socket are left behind; the next command takes the store over.
    expect(existsSync(join(folder, 'data/pglite.socket/.s.PGSQL.5432'))).toBe(true);
    const again = await ocopMonitor(folder, ['users', 'add', 'binh', '--role', 'viewer'], 'mật-khẩu-của-bình-2026\n');
    expect(again.code, again.stderr).toBe(0); // binh was not half-created by the first attempt
    const coverage = await ocopMonitor(folder, ['report', 'coverage', '--format', 'json']);
    expect(JSON.parse(coverage.stdout)).toMatchObject({ denominator: expect.any(Number) });

    // A new service serves again over the stale socket, and commands go through it.
    await service(folder);
    const through = await ocopMonitor(folder, ['alerts', 'list']);
    expect(through.code, through.stderr).toBe(0);
  });

  it('an owner that is alive but does not answer: exit 3 naming it, after a bounded wait', {
    timeout: 120_000,
  }, async () => {
    const folder = await provinceFolder(sandbox);
    const hung = await service(folder);
    hung.child.kill('SIGSTOP');
    const asked = Date.now();
    const refused = await ocopMonitor(folder, ['alerts', 'list']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(`in use by process ${hung.child.pid}`);
    expect(refused.stderr).toContain('does not answer');
    expect(Date.now() - asked).toBeLessThan(60_000);
  });
});
