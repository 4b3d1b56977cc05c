import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Sandbox, startSandbox } from '@ocop-monitor/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashboardClient } from './dashboard-client.ts';
import { redisAvailable } from './redis-target.ts';
import { ocopMonitor, provinceFolder, type Service, startService } from './service-support.ts';

// `ocop-monitor start` — scheduler, workers, dashboard and the embedded store's owner in one
// process — doing a daily run of 250 listings while the dashboard serves pages, inside the memory
// limit its systemd unit sets (MemoryMax, enforced by the kernel as systemd would: a cgroup). A
// process that crossed it would be killed by the kernel's OOM killer mid-run.

const UNIT = new URL('../deploy/systemd/ocop-monitor-start.service', import.meta.url);
const memoryMax = /^MemoryMax=(\d+)M$/mu.exec(readFileSync(UNIT, 'utf8'))?.[1];
const LIMIT_BYTES = Number(memoryMax) * 1024 * 1024;

/** A memory cgroup of our own under this process's, with the unit's limit: v1 or v2, where we may write. */
function limitedCgroup(): { dir: string; oomKills(): number; peakBytes(): number; remove(): void } | null {
  const lines = readFileSync('/proc/self/cgroup', 'utf8').split('\n');
  const v1 = lines.find((line) => /^\d+:memory:/u.test(line))?.split(':')[2];
  const v2 = lines.find((line) => line.startsWith('0::'))?.slice(3);
  const candidates = [
    ...(v1 !== undefined ? [{ dir: join('/sys/fs/cgroup/memory', v1), limit: 'memory.limit_in_bytes', v: 1 }] : []),
    ...(v2 !== undefined ? [{ dir: join('/sys/fs/cgroup', v2), limit: 'memory.max', v: 2 }] : []),
  ];
  for (const { dir: parent, limit, v } of candidates) {
    const dir = join(parent, `ocop-memory-max-${process.pid}`);
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, limit), String(LIMIT_BYTES));
    } catch {
      try {
        rmdirSync(dir);
      } catch {
        // never made
      }
      continue;
    }
    const field = (file: string, name: string) =>
      Number(new RegExp(`^${name} (\\d+)$`, 'mu').exec(readFileSync(join(dir, file), 'utf8'))?.[1] ?? Number.NaN);
    return {
      dir,
      oomKills: () => (v === 1 ? field('memory.oom_control', 'oom_kill') : field('memory.events', 'oom_kill')),
      peakBytes: () => Number(readFileSync(join(dir, v === 1 ? 'memory.max_usage_in_bytes' : 'memory.peak'), 'utf8')),
      remove: () => rmdirSync(dir),
    };
  }
  return null;
}

const cgroup = redisAvailable ? limitedCgroup() : null;
if (redisAvailable && !cgroup) {
  const message = 'no memory cgroup can be made here (run as root on Linux)';
  if (process.env.CI === 'true') throw new Error(`${message}: CI needs it to run start under its MemoryMax`);
  console.warn(`${message}: the MemoryMax test of start is skipped`);
}

/** The process's peak resident memory since it started, or since its peak was last reset. */
function peakRssMb(service: Service): number {
  const status = readFileSync(`/proc/${service.child.pid}/status`, 'utf8');
  return Math.round(Number(/^VmHWM:\s+(\d+) kB$/mu.exec(status)?.[1]) / 1024);
}

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 31, products: 160, listingsPerProduct: 2 });
});
afterAll(async () => {
  await sandbox?.close();
});

describe.skipIf(!cgroup)('start under its unit’s MemoryMax', () => {
  it(`a daily run of ~250 listings with the dashboard serving pages stays within MemoryMax=${memoryMax}M`, {
    timeout: 600_000,
  }, async () => {
    if (!cgroup) throw new Error('unreachable: the suite is skipped without a cgroup');
    const folder = await provinceFolder(sandbox);
    let service: Service | null = null;
    try {
      // The service enters the cgroup before it starts: everything it allocates counts.
      service = await startService(folder, (command, args) => [
        'sh',
        ['-c', `echo $$ > ${join(cgroup.dir, 'cgroup.procs')} && exec "$0" "$@"`, command, ...args],
      ]);
      // Its peak while it creates the store (a first start), then the peak of the run alone.
      const startupRss = peakRssMb(service);
      writeFileSync(`/proc/${service.child.pid}/clear_refs`, '5');
      expect((await ocopMonitor(folder, ['import', 'products', 'san-pham.csv'])).code).toBe(0);
      const listings = await ocopMonitor(folder, ['import', 'listings', 'tin-dang.csv']);
      expect(listings.code, listings.stderr).toBe(0);
      const count = Number(/(\d+) mới\/new/u.exec(listings.stdout)?.[1]);
      expect(count).toBeGreaterThanOrEqual(240);
      expect(
        (await ocopMonitor(folder, ['users', 'add', 'mai', '--role', 'reviewer'], 'mật-khẩu-của-mai-2026\n')).code,
      ).toBe(0);

      const browser = new DashboardClient(service.dashboard);
      expect((await browser.login('mai', 'mật-khẩu-của-mai-2026')).status).toBe(302);
      let running = true;
      const statuses: number[] = [];
      const pages = (async () => {
        while (running)
          for (const page of ['/', '/alerts', '/products', '/marketplaces', '/export/coverage.xlsx'])
            statuses.push((await browser.call('GET', page)).status);
      })();
      const run = await ocopMonitor(folder, ['run-now', '--date', '2026-02-02']);
      running = false;
      await pages;

      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(`${count}/${count} tin đăng đã kiểm tra`);
      expect(statuses.length).toBeGreaterThan(5);
      const errors = service
        .log()
        .split('\n')
        .filter((line) => line.includes('"level":50') || line.startsWith('dashboard:'));
      expect(
        statuses.filter((status) => status !== 200),
        errors.join('\n'),
      ).toEqual([]);
      expect(service.child.exitCode).toBeNull(); // alive: not killed at the limit
      expect(cgroup.oomKills()).toBe(0);
      console.info(
        `start under MemoryMax=${memoryMax}M: peak RSS ${startupRss} MB creating the store, ${peakRssMb(service)} MB over a run of ${count} listings ` +
          `and ${statuses.length} pages; cgroup peak ${Math.round(cgroup.peakBytes() / 1024 / 1024)} MB (page cache included)`,
      );
    } finally {
      service?.child.kill('SIGKILL');
      if (service && service.child.exitCode === null)
        await new Promise((resolve) => service?.child.once('exit', resolve));
      cgroup.remove();
    }
  });
});
