import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../workers/src/config/load.ts';

const run = promisify(execFile);
const ROOT = new URL('..', import.meta.url).pathname.replace(/\/$/u, '');
const DEPLOY = join(ROOT, 'deploy');
const UNITS = readdirSync(join(DEPLOY, 'systemd'));

const systemdAnalyze = await run('systemd-analyze', ['--version']).then(
  () => true,
  () => false,
);
if (!systemdAnalyze) {
  // On a laptop without systemd the unit check is skipped, and says so; CI installs it (.ci/run).
  const message = 'systemd-analyze is not installed';
  if (process.env.CI === 'true') throw new Error(`${message}: CI needs it to check the systemd units`);
  console.warn(`${message}: the systemd unit check is skipped`);
}

/** The env file as systemd reads it: KEY=value lines, comments and blanks skipped. */
function readEnvFile(file: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/u.exec(line.trim());
    if (match?.[1]) env[match[1]] = match[2] ?? '';
  }
  return env;
}

describe('deployment files', () => {
  it.skipIf(!systemdAnalyze).for(UNITS)('systemd accepts %s, pointed at this checkout', async (unit) => {
    const dir = mkdtempSync(join(tmpdir(), 'ocop-units-'));
    const text = readFileSync(join(DEPLOY, 'systemd', unit), 'utf8').replaceAll('/opt/ocop-monitor', ROOT);
    writeFileSync(join(dir, unit), text);
    const verified = await run('systemd-analyze', ['verify', '--man=no', join(dir, unit)]).then(
      ({ stderr }) => stderr,
      (error: { stderr: string }) => error.stderr || 'failed',
    );
    expect(verified.trim()).toBe('');
  });

  it('every long-running unit runs the installed command with the shared environment file', () => {
    for (const unit of UNITS.filter((name) => name.endsWith('.service'))) {
      const text = readFileSync(join(DEPLOY, 'systemd', unit), 'utf8');
      expect(text, unit).toContain('EnvironmentFile=/etc/ocop-monitor/ocop-monitor.env');
      expect(text, unit).toMatch(/\/opt\/ocop-monitor\/bin\/ocop-monitor --config \/etc\/ocop-monitor\/config\.yaml/u);
    }
    const commands = UNITS.map(
      (unit) => /config\.yaml (\w+)/u.exec(readFileSync(join(DEPLOY, 'systemd', unit), 'utf8'))?.[1],
    );
    expect(commands).toEqual(expect.arrayContaining(['worker', 'scheduler', 'start', 'backup', 'serve']));
  });

  it('the environment file configures a valid system against the Compose file’s Redis and PostgreSQL', () => {
    const env = readEnvFile(join(DEPLOY, 'ocop-monitor.env'));
    const config = loadConfig({ env });
    expect(config.databaseUrl).toBe(env.DATABASE_URL);
    const compose = parse(readFileSync(join(DEPLOY, 'compose.yaml'), 'utf8')) as {
      services: Record<string, { ports: string[]; healthcheck: unknown; environment?: Record<string, string> }>;
    };
    expect(Object.keys(compose.services).sort()).toEqual(['postgres', 'redis']);
    for (const service of Object.values(compose.services)) {
      expect(service.healthcheck).toBeDefined();
      expect(service.ports.every((port) => port.startsWith('127.0.0.1:'))).toBe(true); // never on a public interface
    }
    const postgres = compose.services.postgres?.environment ?? {};
    const url = new URL(env.DATABASE_URL ?? '');
    expect([url.username, url.password, url.pathname.slice(1)]).toEqual([
      postgres.POSTGRES_USER,
      postgres.POSTGRES_PASSWORD,
      postgres.POSTGRES_DB,
    ]);
    // Redis asks for a password, the one the environment file gives the workers.
    const redis = compose.services.redis as unknown as { command: string[]; environment: Record<string, string> };
    // ($$: Compose hands the shell one $.)
    expect(redis.command.join(' ')).toContain('--requirepass "$$REDIS_PASSWORD"');
    const redisUrl = new URL(env.REDIS_URL ?? '');
    expect([redisUrl.host, redisUrl.password]).toEqual(['127.0.0.1:6379', redis.environment.REDIS_PASSWORD]);
    expect(redisUrl.password).not.toBe('');
  });
});
