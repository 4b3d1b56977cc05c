/**
 * One error family for the library. Marketplace outcomes ("removed", "blocked") are data in an
 * Observation, never exceptions; these errors are for transport failures and misuse.
 */
export type OcopErrorCode =
  | 'INVALID_URL'
  | 'INVALID_OPTIONS'
  | 'HOST_NOT_ALLOWED'
  | 'PRIVATE_ADDRESS'
  | 'REDIRECT_NOT_ALLOWED'
  | 'TOO_MANY_REDIRECTS'
  | 'ROBOTS_DISALLOWED'
  | 'RESPONSE_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'TIMEOUT'
  | 'NETWORK'
  | 'ABORTED'
  | 'UNKNOWN_MARKETPLACE'
  | 'UNEXPECTED_RESPONSE';

const RETRYABLE: ReadonlySet<OcopErrorCode> = new Set(['TIMEOUT', 'NETWORK']);

// A marker instead of `instanceof` alone, so two installed copies of the library still agree.
const MARKER = Symbol.for('ocop-monitor.error');

export class OcopError extends Error {
  readonly code: OcopErrorCode;
  readonly retryable: boolean;
  /** For RATE_LIMITED: how long the host asked us to wait. */
  readonly retryAfterMs: number | null;
  readonly [MARKER] = true;

  constructor(
    code: OcopErrorCode,
    message: string,
    options: { cause?: unknown; retryable?: boolean; retryAfterMs?: number } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OcopError';
    this.code = code;
    this.retryable = options.retryable ?? RETRYABLE.has(code);
    this.retryAfterMs = options.retryAfterMs ?? null;
  }

  static is(value: unknown): value is OcopError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}
