// pnpm bench:security — `ocop-monitor serve` (the installed command, with its heap settings) under
// what an attacker can send without an account, and what an admin's hostile file costs: 50 slow
// uploads (multipart bodies dribbled in), 200 login attempts, 5 uploads of an XLSX that expands to
// 100 MB, all at once. Prints /health latency during the load and the process's peak memory, to
// hold against the serve unit's MemoryMax (400 MB) and the 1 s the dashboard must keep answering in.
// The serve unit runs on PostgreSQL (DATABASE_URL, or a database of its own on the default server);
// BENCH_STORE=embedded runs it on the embedded store instead.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { request } from 'undici';
import { benchDatabase } from '../../packages/monitor/bench/province-store.ts';
import { freePort } from './free-port.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/ocop-monitor');
const PASSWORD = 'mật-khẩu-bench-2026';
const SLOW_UPLOADS = Number(process.env.BENCH_SLOW_UPLOADS ?? 50);
const LOGINS = Number(process.env.BENCH_LOGINS ?? 200);

const dir = mkdtempSync(join(tmpdir(), 'ocop-security-bench-'));
const config = join(dir, 'tinh.yaml');
writeFileSync(config, `dataDir: ${join(dir, 'data')}\nlog:\n  level: warn\n`);
const embedded = process.env.BENCH_STORE === 'embedded';
const database = embedded
  ? null
  : await benchDatabase(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const env = { ...process.env, ...(database ? { DATABASE_URL: database.url } : {}) };

function cli(args: string[], input?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['--config', config, ...args], { stdio: ['pipe', 'ignore', 'inherit'], env });
    child.stdin.end(input ?? '');
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited ${code}`))));
  });
}

/** An XLSX of ~1.5 MB that is ~100 MB of sheet XML unpacked. */
async function bombFile(): Promise<Buffer> {
  const file = join(dir, 'bom.xlsx');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useSharedStrings: false,
    useStyles: false,
  });
  const sheet = workbook.addWorksheet('Sản phẩm');
  const text = 'Sản phẩm OCOP '.repeat(20);
  for (let i = 0; i < 25_000; i += 1) sheet.addRow(Array.from({ length: 10 }, () => text)).commit();
  await sheet.commit();
  await workbook.commit();
  return readFileSync(file);
}

/**
 * A registry XLSX within every default limit (about 1.7 MB, under 20 MB unpacked): the file 16
 * admins uploading at once sent the PostgreSQL-backed dashboard out of memory with.
 */
async function registryFile(rows: number): Promise<Buffer> {
  const file = join(dir, 'danh-muc.xlsx');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useSharedStrings: false,
    useStyles: false,
  });
  const sheet = workbook.addWorksheet('Sản phẩm');
  const sample = readFileSync(join(ROOT, 'examples/san-pham-mau.csv'), 'utf8').trim().split('\n');
  sheet.addRow((sample[0] ?? '').split(',')).commit();
  const row = (sample[1] ?? '').split(',');
  for (let i = 0; i < rows; i += 1)
    sheet.addRow(row.map((cell, c) => (c === 0 ? String(200_000 + i) : c === 1 ? `OCOP-BENCH-${i}` : cell))).commit();
  await sheet.commit();
  await workbook.commit();
  return readFileSync(file);
}

const memoryOf = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`, 'u').exec(status)?.[1] ?? 0) / 1024;
  return { rss: field('VmRSS'), peak: field('VmHWM') };
};

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

await cli(['users', 'add', 'admin', '--role', 'admin', '--name', 'Bench'], `${PASSWORD}\n`);
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn(BIN, ['--config', config, 'serve', '--port', String(port), '--insecure-cookies'], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env,
});
const pid = server.pid ?? 0;
try {
  for (let i = 0; ; i += 1) {
    const up = await request(`${base}/health`).then(
      (r) => r.body.dump().then(() => r.statusCode === 200),
      () => false,
    );
    if (up) break;
    if (i > 200) throw new Error('serve did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const idle = memoryOf(pid);
  const bomb = await bombFile();
  // An admin session for the hostile-file uploads: the CSRF token comes with the first page.
  const login = await request(`${base}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: 'admin', password: PASSWORD }).toString(),
  });
  await login.body.dump();
  const cookie = String([login.headers['set-cookie']].flat()[0] ?? '').split(';')[0] ?? '';
  const home = await request(`${base}/`, { headers: { cookie } });
  const csrf = /name="_csrf" value="([^"]+)"/u.exec(await home.body.text())?.[1] ?? '';

  let running = true;
  const health: number[] = [];
  let peakRss = idle.rss;
  const watch = (async () => {
    while (running) {
      const started = performance.now();
      await request(`${base}/health`).then(
        (r) => r.body.dump(),
        () => undefined,
      );
      health.push(performance.now() - started);
      peakRss = Math.max(peakRss, memoryOf(pid).rss);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();

  const boundary = 'bench-boundary';
  /**
   * A multipart body dribbled in: 64 KB every 200 ms for about ten seconds — anonymous, or an
   * admin's (its CSRF token first), which the server takes and streams to disk.
   */
  const slowUpload = (path: string, asAdmin = false) => {
    async function* body() {
      if (asAdmin)
        yield Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`);
      yield Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="x.csv"\r\n\r\n`);
      for (let i = 0; i < 50; i += 1) {
        yield Buffer.alloc(64 * 1024, 0x61);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      yield Buffer.from(`\r\n--${boundary}--\r\n`);
    }
    return request(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...(asAdmin ? { cookie } : {}) },
      body: Readable.from(body()),
    }).then(
      (r) => r.body.dump().then(() => r.statusCode),
      () => 0,
    );
  };
  const bombUpload = () => {
    const head = Buffer.from(
      `--${boundary}\r\ncontent-disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n` +
        `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="bom.xlsx"\r\n\r\n`,
    );
    return request(`${base}/api/registry/import`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie },
      body: Buffer.concat([head, bomb, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    }).then((r) => r.body.dump().then(() => r.statusCode));
  };
  const statuses: Record<string, number> = {};
  const count = (what: string) => (status: number) => {
    const key = `${what} ${status}`;
    statuses[key] = (statuses[key] ?? 0) + 1;
  };
  const started = performance.now();
  const logins = (async () => {
    for (let i = 0; i < LOGINS; i += 20) {
      await Promise.all(
        Array.from({ length: 20 }, (_, j) =>
          request(`${base}/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({
              username: j % 2 ? 'admin' : ` admin${' '.repeat(j)}`,
              password: `guess-${i + j}`,
            }).toString(),
          }).then((r) => r.body.dump().then(() => count('login')(r.statusCode))),
        ),
      );
    }
  })();
  await Promise.all([
    ...Array.from({ length: SLOW_UPLOADS }, (_, i) => {
      // A third each: anonymous to /login, anonymous to the import, an admin's own (slow but legitimate).
      const kind = ['anonymous, /login', 'anonymous, /api/registry/import', 'admin, /api/registry/import'][i % 3] ?? '';
      const path = kind.endsWith('/login') ? '/login' : '/api/registry/import';
      return slowUpload(path, kind.startsWith('admin')).then(count(`slow upload, ${kind}`));
    }),
    ...Array.from({ length: 5 }, () => bombUpload().then(count('xlsx bomb upload (admin)'))),
    logins,
  ]);
  running = false;
  await watch;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const peak = memoryOf(pid).peak;
  console.log(
    `serve (${database ? 'PostgreSQL' : 'embedded store'}) under load for ${seconds} s: ${SLOW_UPLOADS} slow uploads, ${LOGINS} login attempts, 5 XLSX bombs\n`,
  );
  console.log('| figure | value |');
  console.log('| --- | --- |');
  console.log(`| /health answers during the load | ${health.length} |`);
  console.log(
    `| /health latency p50 / p95 / max | ${percentile(health, 50).toFixed(1)} / ${percentile(health, 95).toFixed(1)} / ${Math.max(...health).toFixed(1)} ms |`,
  );
  console.log(
    `| serve RSS idle / peak during the load (VmHWM) | ${idle.rss.toFixed(0)} / ${peakRss.toFixed(0)} MB (${peak.toFixed(0)} MB) |`,
  );
  for (const [what, n] of Object.entries(statuses).sort()) console.log(`| answers: ${what} | ${n} |`);

  // 16 admins upload the same valid registry XLSX at once: imported one at a time, the rest asked
  // to come back (503, Retry-After); the figure to watch is the peak against MemoryMax=400M.
  const registry = await registryFile(Number(process.env.BENCH_REGISTRY_ROWS ?? 18_000));
  const uploads: Record<number, number> = {};
  let uploadPeak = memoryOf(pid).rss;
  let uploading = true;
  const sample = (async () => {
    while (uploading) {
      uploadPeak = Math.max(uploadPeak, memoryOf(pid).rss);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const uploadStarted = performance.now();
  await Promise.all(
    Array.from({ length: 16 }, () => {
      const head = Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n` +
          `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="danh-muc.xlsx"\r\n\r\n`,
      );
      return request(`${base}/api/registry/import`, {
        method: 'POST',
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie },
        body: Buffer.concat([head, registry, Buffer.from(`\r\n--${boundary}--\r\n`)]),
      }).then(
        (r) =>
          r.body.dump().then(() => {
            uploads[r.statusCode] = (uploads[r.statusCode] ?? 0) + 1;
          }),
        () => {
          uploads[0] = (uploads[0] ?? 0) + 1;
        },
      );
    }),
  );
  uploading = false;
  await sample;
  console.log(
    `| 16 concurrent uploads of a ${(registry.length / 1024 / 1024).toFixed(1)} MB registry XLSX: answers | ${Object.entries(
      uploads,
    )
      .map(([status, n]) => `${n} × ${status}`)
      .join(', ')} in ${((performance.now() - uploadStarted) / 1000).toFixed(1)} s |`,
  );
  console.log(`| serve RSS peak during the 16 uploads | ${uploadPeak.toFixed(0)} MB |`);
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  await database?.drop();
}
