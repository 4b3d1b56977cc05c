import { OcopError } from '../errors.ts';

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * An address as error messages name it: host and path, never the query, which may carry an open
 * platform's access token and signature (messages reach logs).
 */
export function addressForMessage(url: string | URL): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return '(not a valid address)';
  }
}

/** Maps whatever undici or the socket threw to the library's error family. */
export function toOcopError(error: unknown, url: URL, callerSignal: AbortSignal | undefined): OcopError {
  if (OcopError.is(error)) return error;
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (OcopError.is(cause)) return cause;
  const where = addressForMessage(url);
  if (callerSignal?.aborted) return new OcopError('ABORTED', `Request to ${where} was aborted`, { cause: error });
  const code = codeOf(error) ?? codeOf(cause);
  const name = (error as { name?: unknown } | null)?.name;
  if ((code && TIMEOUT_CODES.has(code)) || name === 'TimeoutError' || name === 'AbortError') {
    return new OcopError('TIMEOUT', `Request to ${where} timed out (${code ?? name})`, { cause: error });
  }
  return new OcopError('NETWORK', `Request to ${where} failed: ${code ?? (error as Error)?.message ?? String(error)}`, {
    cause: error,
  });
}
