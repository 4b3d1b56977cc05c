import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sandbox } from '@ocop-monitor/sandbox';
import { expect, vi } from 'vitest';
import { stringify } from 'yaml';
import { sandboxConfigLayer } from '../workers/src/sandbox-config.ts';
import { REDIS_URL } from './redis-target.ts';

// The one-machine install in a test: a province's folder on the embedded store, `ocop-monitor
// start` running there as its service, and the installed command typed beside it.

export const CLI = new URL('../bin/ocop-monitor', import.meta.url).pathname;

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment of a command on the embedded store, with the tests' Redis. */
export function commandEnv(logLevel = 'warn'): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: logLevel, REDIS_URL };
  delete env.DATABASE_URL;
  return env;
}

/** A province's folder: the sandbox's marketplaces and its registry files, a queue prefix of its own. */
export async function provinceFolder(sandbox: Sandbox): Promise<string> {
  const folder = mkdtempSync(join(tmpdir(), 'ocop-owner-'));
  const layer = sandboxConfigLayer(sandbox.baseUrls) as Record<string, unknown>;
  writeFileSync(
    join(folder, 'tinh.yaml'),
    stringify({
      ...layer,
      monitor: { confirmAfterHours: 0.0001 },
      queue: { prefix: `{ocop-owner-${process.pid}-${Date.now()}}`, metricsPort: 0 },
    }),
  );
  for (const [name, file] of [
    ['products.csv', 'san-pham.csv'],
    ['listings.csv', 'tin-dang.csv'],
  ] as const) {
    const response = await fetch(`${sandbox.controlUrl}/registry/${name}`);
    writeFileSync(join(folder, file), await response.text());
  }
  return folder;
}

/** `ocop-monitor --config tinh.yaml …` in the folder, with `input` on standard input. */
export function ocopMonitor(folder: string, args: string[], input?: string): Promise<Ran> {
  return new Promise((resolve) => {
    const child = execFile(
      CLI,
      ['--config', 'tinh.yaml', ...args],
      { cwd: folder, env: commandEnv(), timeout: 180_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(input ?? '');
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export interface Service {
  child: ChildProcess;
  dashboard: string;
  log(): string;
}

/**
 * `ocop-monitor start` in the folder, ready once its dashboard is up (the store is served by
 * then). `launch` may wrap the command (e.g. into a memory-limited cgroup); it must exec it.
 */
export async function startService(
  folder: string,
  launch: (command: string, args: string[]) => [string, string[]] = (command, args) => [command, args],
): Promise<Service> {
  const port = await freePort();
  const [command, args] = launch(CLI, ['--config', 'tinh.yaml', 'start', '--port', String(port)]);
  const child = spawn(command, args, { cwd: folder, env: commandEnv('info') });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  await vi.waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`start exited with ${child.exitCode}: ${out}`);
      expect(out).toContain('Trang quản trị / dashboard');
    },
    { timeout: 60_000, interval: 200 },
  );
  return { child, dashboard: `http://127.0.0.1:${port}`, log: () => out };
}
