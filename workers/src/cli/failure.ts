import { OcopError } from '@ocop-monitor/adapters';
import {
  BackupError,
  errorText,
  isConnectionLost,
  isStoreError,
  StoreLockedError,
  StoreOpenError,
  StoreVersionError,
} from '@ocop-monitor/monitor';
import { ConfigError } from '../config/load.ts';
import { UsageError } from './usage-error.ts';

/** What to tell the user about a failure, and the exit code: one line, never a stack trace. */
export interface Failure {
  message: string;
  exitCode: number;
}

const DEFAULT_PORTS: Record<string, string> = {
  '5432': 'PostgreSQL (check DATABASE_URL, or unset it to use the embedded store)',
  '6379': 'Redis (check REDIS_URL, or start Redis: sudo systemctl start redis-server)',
};

/** Node's system errors carry a code and, for a refused connection, the address. */
interface SystemError extends Error {
  code?: string;
  syscall?: string;
  path?: string;
  address?: string;
  port?: number;
}

function systemFailure(error: SystemError): string | null {
  const where = error.address && error.port ? `${error.address}:${error.port}` : null;
  if (error.code === 'ECONNREFUSED' || error.code === 'ETIMEDOUT' || error.code === 'EHOSTUNREACH') {
    const what = DEFAULT_PORTS[String(error.port)] ?? 'the server';
    return `cannot reach ${what} at ${where ?? 'its address'} (${error.code})`;
  }
  if (error.code === 'ENOTFOUND')
    return `cannot resolve the host ${error.message.split(' ').at(-1)} (check DATABASE_URL / REDIS_URL)`;
  if (error.code === 'EACCES' || error.code === 'EPERM')
    return `no permission to ${error.syscall ?? 'use'} ${error.path ?? ''}: run as the user that owns it, or point dataDir elsewhere`;
  if (error.code === 'ENOSPC')
    return `the disk is full${error.path ? ` (writing ${error.path})` : ''}: free space, then retry`;
  if (error.code === 'ENOENT' && error.path) return `${error.path} does not exist`;
  return null;
}

/** PostgreSQL answers with a SQLSTATE; the ones a user meets first get a hint. */
function postgresFailure(error: Error & { code?: string }): string | null {
  if (error.code === '3D000') return `${error.message}: create it (createdb) or fix DATABASE_URL`;
  if (error.code === '28P01' || error.code === '28000')
    return `${error.message}: check the user and password in DATABASE_URL`;
  return null;
}

/** The stack for OCOP_DEBUG=1: the safe text of the error, then where it happened. */
export function debugStack(error: unknown): string {
  const frames =
    error instanceof Error ? (error.stack ?? '').split('\n').filter((l) => l.trimStart().startsWith('at ')) : [];
  return [errorText(error, 2_000), ...frames].join('\n');
}

/** Maps any error out of a command to one line and an exit code (2: the user can fix the input). */
export function describeFailure(error: unknown): Failure {
  if (
    error instanceof UsageError ||
    error instanceof ConfigError ||
    error instanceof StoreVersionError ||
    error instanceof BackupError
  )
    return { message: error.message, exitCode: 2 };
  if (error instanceof StoreLockedError) return { message: error.message, exitCode: 3 };
  if (error instanceof StoreOpenError) return { message: error.message, exitCode: 1 };
  if (OcopError.is(error)) return { message: `${error.code}: ${error.message}`, exitCode: 1 };
  if (error instanceof AggregateError && error.errors[0] instanceof Error) return describeFailure(error.errors[0]);
  if (isConnectionLost(error))
    return {
      message:
        "the store's connection closed during the command (the process serving the embedded store stopped, or PostgreSQL restarted): " +
        'what it saved before is kept; run the command again',
      exitCode: 3,
    };
  // A failed query's parameters (tokens, phone numbers) are never printed: only its SQLSTATE.
  if (isStoreError(error) && !postgresFailure(error as Error)) return { message: errorText(error), exitCode: 1 };
  if (error instanceof Error) {
    const known = systemFailure(error as SystemError) ?? postgresFailure(error);
    if (known) return { message: known, exitCode: 1 };
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return { message: `${error.message}${cause}`, exitCode: 1 };
  }
  return { message: String(error), exitCode: 1 };
}
