import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = new URL('..', import.meta.url).pathname;
const CONSUMER = join(ROOT, 'test/fixtures/package-consumer');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const NPM = ['--no-audit', '--no-fund', '--loglevel=warn'];

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function sh(command: string, args: string[], cwd: string): Promise<Ran> {
  try {
    const { stdout, stderr } = await run(command, args, { cwd, timeout: 240_000, maxBuffer: 20 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as Ran & { code: number | string };
    return { code: typeof failed.code === 'number' ? failed.code : 1, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const emptyProject = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `ocop-${name}-`));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  return dir;
};

/** A Node major from the npm registry's `node` package, kept between runs in the temporary folder. */
async function nodeFromRegistry(major: string): Promise<string> {
  const prefix = join(tmpdir(), `ocop-node${major}`);
  const binary = join(prefix, 'node_modules/.bin/node');
  if (!existsSync(binary)) {
    mkdirSync(prefix, { recursive: true });
    const installed = await sh('npm', ['install', ...NPM, '--prefix', prefix, `node@${major}`], prefix);
    if (installed.code !== 0) throw new Error(`installing node@${major} failed: ${installed.stderr}`);
  }
  return binary;
}

let tarball = '';
let project = '';
const nodes: Record<string, string> = {};

// Pack as published (pnpm applies publishConfig), then install that tarball into an empty project
// with npm: our package from the file, only its third-party dependencies from the registry.
beforeAll(async () => {
  const out = mkdtempSync(join(tmpdir(), 'ocop-pack-'));
  const packed = await sh('pnpm', ['pack', '--pack-destination', out], join(ROOT, 'packages/adapters'));
  expect(packed.code, packed.stderr).toBe(0);
  tarball = join(out, readdirSync(out).find((name) => name.endsWith('.tgz')) ?? 'missing.tgz');
  project = emptyProject('adapter-consumer');
  cpSync(CONSUMER, project, { recursive: true });
  const installed = await sh('npm', ['install', ...NPM, tarball, 'vitest@5.1.1'], project);
  expect(installed.code, installed.stderr).toBe(0);
  nodes['24'] = process.execPath; // the project's pinned Node 24, which runs this test
  nodes['22'] = await nodeFromRegistry('22');
}, 300_000);

// Every test here starts Node, npm or tsc: seconds each, more on a loaded CI machine.
describe('@ocop-monitor/adapters installed from its tarball', { timeout: 120_000 }, () => {
  it('ships JavaScript and declarations only: no sources, tests or fixtures', async () => {
    const listing = await sh('tar', ['tzf', tarball], ROOT);
    const files = listing.stdout.trim().split('\n');
    expect(files).toContain('package/dist/index.js');
    expect(files).toContain('package/dist/index.d.ts');
    expect(files).toContain('package/dist/testing/index.js');
    expect(files).toContain('package/README.md');
    expect(files.filter((f) => /\/src\/|\.test\.|fixtures|\.ts$/u.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
  });

  it.for(['22', '24'])('Node %s imports it from plain ESM JavaScript', async (version) => {
    const node = nodes[version] ?? '';
    expect((await sh(node, ['--version'], project)).stdout).toMatch(new RegExp(`^v${version}\\.`, 'u'));
    const imported = await sh(node, ['check.mjs'], project);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toEqual({
      adapters: ['voso', 'postmart', 'tiki'],
      voso: { adapter: 'voso', itemId: '101533' },
      sold: { value: 1200, approximate: true, raw: 'Đã bán 1,2k' },
      price: 199_000,
      kit: 'function',
    });
  });

  it.for(['22', '24'])(
    'Node %s: a provincial floor written in that project passes the ./testing conformance kit',
    async (version) => {
      const tested = await sh(nodes[version] ?? '', ['node_modules/vitest/vitest.mjs', 'run'], project);
      expect(tested.code, tested.stdout + tested.stderr).toBe(0);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: strips vitest's colours
      expect(tested.stdout.replace(/\x1b\[[0-9;]*m/gu, '')).toMatch(/Tests\s+28 passed/u);
    },
  );

  it('a TypeScript file type-checks against its declarations (and a wrong verdict does not)', async () => {
    const checked = await sh(process.execPath, [TSC, '-p', 'tsconfig.json'], project);
    expect(checked.code, checked.stdout).toBe(0);
  });

  it('Node 20 is refused by its engines field, with the version it needs', async () => {
    // npm judges engines by the Node that runs it: this machine's npm, run by Node 20 from the registry.
    const node20 = await nodeFromRegistry('20');
    expect((await sh(node20, ['--version'], ROOT)).stdout).toMatch(/^v20\./u);
    const npmCli = realpathSync((await sh('sh', ['-c', 'command -v npm'], ROOT)).stdout.trim());
    const dir = emptyProject('adapter-node20');
    const strict = await sh(node20, [npmCli, 'install', ...NPM, '--engine-strict', tarball], dir);
    expect(strict.code).not.toBe(0);
    expect(strict.stderr).toContain('Unsupported engine');
    expect(strict.stderr).toContain('>=22.19');
  });
});
