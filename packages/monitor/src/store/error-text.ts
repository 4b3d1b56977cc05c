/**
 * An error as text for a person, a log line or the outbox — never with what a failed store query
 * was given. drizzle's DrizzleQueryError says "Failed query: … params: …", and those parameters can
 * be a Zalo refresh token, a phone number or a password hash: a store error becomes a fixed sentence
 * with its SQLSTATE, nothing of its query.
 */
export function errorText(error: unknown, maxLength = 300): string {
  if (isStoreError(error)) return `the store could not run a query${storeCode(error)}`;
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n')[0] ?? '';
  return firstLine.length > maxLength ? `${firstLine.slice(0, maxLength - 1)}…` : firstLine;
}

/** A failure of the store: drizzle's query error, or PostgreSQL's / PGlite's own (a SQLSTATE and a severity). */
export function isStoreError(error: unknown): boolean {
  for (let cause: unknown = error, depth = 0; cause && depth < 4; depth += 1) {
    const candidate = cause as {
      name?: unknown;
      query?: unknown;
      params?: unknown;
      severity?: unknown;
      code?: unknown;
    };
    if (candidate.name === 'DrizzleQueryError' || (candidate.query !== undefined && candidate.params !== undefined))
      return true;
    if (
      typeof candidate.severity === 'string' &&
      typeof candidate.code === 'string' &&
      /^[0-9A-Z]{5}$/u.test(candidate.code)
    )
      return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * The store's connection closed under a command: the process serving the embedded store stopped
 * (killed, restarted) or PostgreSQL went away. What the command committed before is kept.
 */
export function isConnectionLost(error: unknown): boolean {
  for (let cause: unknown = error, depth = 0; cause && depth < 4; depth += 1) {
    const { code, message, address } = cause as { code?: unknown; message?: unknown; address?: unknown };
    if (code === 'ECONNRESET' || code === 'EPIPE' || code === '57P01') return true;
    // The owner's socket is still there but nobody listens: it was killed during the command.
    if ((code === 'ECONNREFUSED' || code === 'ENOENT') && typeof address === 'string' && address.includes('.s.PGSQL.'))
      return true;
    if (
      typeof message === 'string' &&
      /Connection terminated|connection error|server closed the connection/iu.test(message)
    )
      return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}

function storeCode(error: unknown): string {
  for (let cause: unknown = error, depth = 0; cause && depth < 4; depth += 1) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/u.test(code)) return ` (SQLSTATE ${code})`;
    cause = (cause as { cause?: unknown }).cause;
  }
  return '';
}

/** `text` with each of `secrets` (the configured keys, tokens and passwords) blotted out. */
export function redactSecrets(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 6) out = out.split(secret).join('[redacted]');
  return out;
}
