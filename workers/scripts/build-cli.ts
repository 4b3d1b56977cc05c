/**
 * Builds the CLI into one bundle under dist/cli (docs/operator.md, "Start-up"): a command then loads a few
 * JavaScript files instead of ~1,500 TypeScript modules, each stripped of its types, and Node
 * stops re-reading drizzle-orm's 179 KB package.json for each of its modules. Lazy `import()`s stay
 * lazy (code splitting), so `alerts list` still loads neither the dashboard nor BullMQ.
 *
 * bin/ocop-monitor runs this when the bundle is missing or older than the sources; `pnpm build`
 * runs it by hand. Each build is a folder of its own (dist/cli-<id>) and dist/cli a link to the
 * current one, switched in one rename: a command started at that moment sees one bundle or the
 * other, whole, and a service running an earlier bundle keeps its folder until it stops.
 */
import {
  lstatSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { writeStoreTemplate } from '../../packages/monitor/src/index.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const outdir = resolve(root, 'workers/dist/cli');

/**
 * Packages loaded from node_modules as they are: ones that find files of their own at run time
 * (PGlite's WebAssembly, Bull Board's pages, pino's worker threads), native ones (argon2), and
 * BullMQ/ioredis, which only long-running commands load. The bundle lives under workers/, so
 * Node resolves them from there: workers/package.json depends on each (knip.json tells knip why
 * the workers' sources do not import the ones only its other packages use).
 */
const EXTERNAL = [
  '@electric-sql/pglite',
  '@electric-sql/pglite/*',
  '@node-rs/argon2',
  '@bull-board/*',
  'bullmq',
  'ioredis',
  'pino',
  'msgpackr-extract',
  'pg-native',
];

/**
 * Our sources find files beside them (`new URL('../../migrations', import.meta.url)`); in the
 * bundle `import.meta.url` is the bundle's, so each such path is rewritten to lead from dist/cli
 * to the same file.
 */
const filesBesideSources = (bundleDir: string): Plugin => ({
  name: 'files-beside-sources',
  setup(builder) {
    builder.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes('node_modules')) return undefined;
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return { contents: source, loader: 'ts' };
      const contents = source.replace(/new URL\((['`])(\.{1,2}\/[^'`$]*)/gu, (_match, quote: string, path: string) => {
        const target = resolve(dirname(args.path), path);
        const fromBundle = relative(bundleDir, target) + (path.endsWith('/') ? '/' : '');
        return `new URL(${quote}${fromBundle.startsWith('.') ? fromBundle : `./${fromBundle}`}`;
      });
      return { contents, loader: 'ts' };
    });
  },
});

/** `spareMs`: earlier bundles younger than this are kept even when nothing runs them (see `pruneBundles`). */
export async function buildCli(options: { spareMs?: number } = {}): Promise<void> {
  // Each build has a folder of its own; `dist/cli` is a link to the current one.
  const version = `${outdir}-${Date.now().toString(36)}-${process.pid}`;
  await build({
    entryPoints: { main: resolve(root, 'workers/src/cli/main.ts') },
    outdir: version,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    external: EXTERNAL,
    plugins: [filesBesideSources(version)],
    // CommonJS packages inside an ES module bundle call require(): give them one.
    banner: {
      js: "import { createRequire as __ocopRequire } from 'node:module'; const require = __ocopRequire(import.meta.url);",
    },
    logLevel: 'warning',
    legalComments: 'none',
  });
  writeFileSync(join(version, 'package.json'), '{ "type": "module" }\n');
  // The switch is one rename of a new link over the old one: a command starting meanwhile finds
  // one bundle or the other, whole. (A folder left by an earlier layout is moved aside first.)
  const link = `${version}.link`;
  symlinkSync(basename(version), link);
  if (lstatSync(outdir, { throwIfNoEntry: false })?.isDirectory()) renameSync(outdir, `${outdir}-old-${process.pid}`);
  renameSync(link, outdir);
  pruneBundles(version, options.spareMs ?? 60_000);
  // A new store ready-made, for a province's first command and every demo (made once per PGlite release and schema).
  await writeStoreTemplate(resolve(root, 'workers/dist/store-template'));
}

/**
 * Removes earlier bundles no process runs. A running service (`start`, for months) loads parts of
 * its bundle only when first used, so its folder must outlive a rebuild: bin/ocop-monitor runs a
 * bundle by its own folder's path, which is how a running one is found in /proc/<pid>/cmdline.
 */
function pruneBundles(current: string, spareMs: number): void {
  const running = new Set<string>();
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/u.test(name))) {
    try {
      for (const arg of readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'))
        if (arg.startsWith(`${outdir}-`)) running.add(dirname(arg));
    } catch {
      // gone meanwhile
    }
  }
  const folder = dirname(outdir);
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (!path.startsWith(`${outdir}-`) || path === current || running.has(path)) continue;
    // A command may be between reading the link and starting Node: spare the minute-old ones.
    if (Date.now() - statSync(path).mtimeMs < spareMs) continue;
    rmSync(path, { recursive: true, force: true });
  }
}

if (import.meta.main) await buildCli();
