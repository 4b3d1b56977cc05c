// pnpm bench:cli — what a command costs a province's machine (docs/operator.md, "Start-up" and "Memory"):
// wall clock and peak RSS of `--help`, `alerts list`, `report coverage` and `import products` (200
// rows) run by the installed command (bin/ocop-monitor: its bundle and heap settings) on a store of
// 20,000 products — through the process that owns the store (`serve`, as `start` would) and on
// their own — then the first command in an empty folder, and the default demo.
// Needs GNU time (/usr/bin/time: apt-get install time) for the peak RSS of each command.
// BENCH_PRODUCTS (20000), BENCH_REPEAT (5) and BENCH_DEMO=0 (skip the demo) change it.

import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fillProvince, provinceSource } from '../../packages/monitor/bench/province-store.ts';
import { openStore } from '../../packages/monitor/src/index.ts';
import { buildCli } from '../scripts/build-cli.ts';
import { freePort } from './free-port.ts';

const run = promisify(execFile);
const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/ocop-monitor');
const TIME = '/usr/bin/time';
const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 20_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);

if (!existsSync(TIME)) {
  console.error(`${TIME} is missing: apt-get install time (it measures each command's peak RSS)`);
  process.exit(2);
}

interface Measure {
  seconds: number;
  megabytes: number;
}

/** One run of the installed command in `cwd`: wall clock and peak RSS as GNU time reports them. */
async function measure(cwd: string, args: string[]): Promise<Measure> {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const { stderr } = await run(TIME, ['-f', 'BENCH %e %M', BIN, ...args], { cwd, env, maxBuffer: 64 * 1024 * 1024 });
  const line = stderr.split('\n').find((l) => l.startsWith('BENCH '));
  const [, seconds, kilobytes] = line?.split(' ') ?? [];
  return { seconds: Number(seconds), megabytes: Number(kilobytes) / 1024 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** The median wall clock and the largest peak RSS of `REPEAT` runs. */
async function repeated(cwd: string, args: string[]): Promise<Measure> {
  const runs: Measure[] = [];
  for (let i = 0; i < REPEAT; i += 1) runs.push(await measure(cwd, args));
  return { seconds: median(runs.map((r) => r.seconds)), megabytes: Math.max(...runs.map((r) => r.megabytes)) };
}

const shown = (m: Measure) => `${m.seconds.toFixed(2)} s, ${Math.round(m.megabytes)} MB`;

await buildCli(); // the bundle the installed command runs, from these sources

// The province: 20,000 products with three listings each and a week of daily observations.
const source = await provinceSource(PRODUCTS);
const folder = mkdtempSync(join(tmpdir(), 'ocop-cli-bench-'));
writeFileSync(join(folder, 'tinh.yaml'), `dataDir: ${join(folder, 'data/pglite')}\n`);
const store = await openStore({ dataDir: join(folder, 'data/pglite'), serve: false });
const { listings } = await fillProvince(store, source, 7);
await store.close();
const csv = readFileSync(join(source.dir, 'products.csv'), 'utf8').split('\n');
writeFileSync(join(folder, 'san-pham-200.csv'), `${csv.slice(0, 201).join('\n')}\n`);

const commands: Array<[string, string[]]> = [
  ['--help', ['--help']],
  ['alerts list', ['--config', 'tinh.yaml', 'alerts', 'list']],
  ['report coverage', ['--config', 'tinh.yaml', 'report', 'coverage']],
  ['import products (200 rows)', ['--config', 'tinh.yaml', 'import', 'products', 'san-pham-200.csv']],
];

const alone = new Map<string, Measure>();
for (const [name, args] of commands) alone.set(name, await repeated(folder, args));

// The owner: `serve` holds the store and serves it, as `start` does on the one-machine install.
const port = await freePort();
const owner = spawn(BIN, ['--config', 'tinh.yaml', 'serve', '--port', String(port)], {
  cwd: folder,
  env: { ...process.env, LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise<void>((resolve, reject) => {
  owner.stdout?.on('data', (chunk: Buffer) => {
    if (chunk.toString().includes('dashboard')) resolve();
  });
  owner.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
});
const through = new Map<string, Measure>();
for (const [name, args] of commands) through.set(name, await repeated(folder, args));
owner.kill('SIGTERM');
await new Promise((resolve) => owner.once('exit', resolve));

// A new user's first command: an empty folder, the store created and migrated.
const firsts: Measure[] = [];
for (let i = 0; i < 3; i += 1) {
  const empty = mkdtempSync(join(tmpdir(), 'ocop-cli-first-'));
  firsts.push(await measure(empty, ['report', 'coverage']));
}
const first = { seconds: median(firsts.map((m) => m.seconds)), megabytes: Math.max(...firsts.map((m) => m.megabytes)) };

const demo =
  process.env.BENCH_DEMO === '0' ? null : await measure(mkdtempSync(join(tmpdir(), 'ocop-cli-demo-')), ['demo']);
await source.close();

console.log(`\n${PRODUCTS} products, ${listings} listings, a week of runs; median of ${REPEAT}, largest peak RSS\n`);
console.log('| command | through the owner (goal < 0.8 s, 150 MB) | on its own (goal < 2 s, 300 MB) |');
console.log('| --- | --- | --- |');
for (const [name] of commands) {
  const a = alone.get(name);
  const t = through.get(name);
  if (a && t) console.log(`| \`${name}\` | ${shown(t)} | ${shown(a)} |`);
}
console.log(`| first command in an empty folder (goal < 6 s) | — | ${shown(first)} |`);
if (demo) console.log(`| \`demo\` (goal < 500 MB) | — | ${shown(demo)} |`);
