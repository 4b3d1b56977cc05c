/**
 * Whether a failed send may have reached the provider. A channel that cannot de-duplicate must not
 * send again after an answer that came too late or a connection dropped once the request was out:
 * the producer may already have the message. Only failures known to come before anything was
 * handed over are safe to retry.
 */
export type FailureMoment = 'before-send' | 'maybe-delivered';

/** Network failures before a connection carried anything: refused, unreachable, no DNS, no TLS. */
const NOTHING_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

const codesOf = (error: unknown): string[] => {
  const codes: string[] = [];
  for (let cause: unknown = error, depth = 0; cause && depth < 4; depth += 1) {
    const { code, originalCode } = cause as { code?: unknown; originalCode?: unknown };
    if (typeof code === 'string') codes.push(code);
    if (typeof originalCode === 'string') codes.push(originalCode);
    cause = (cause as { cause?: unknown }).cause;
  }
  return codes;
};

/** An HTTP request (undici) that failed: before it was sent, or possibly after it arrived. */
export function httpFailureMoment(error: unknown): FailureMoment {
  return codesOf(error).some((code) => NOTHING_SENT.has(code)) ? 'before-send' : 'maybe-delivered';
}

/**
 * An SMTP send (nodemailer) that failed without the server's answer: before the message was handed
 * over (no connection, no greeting, DNS, refused) or possibly after (the connection dropped or timed
 * out while the server had the message). An SMTP reply (4xx/5xx) is the server's own refusal:
 * nothing was accepted, and it is not classified here.
 */
export function smtpFailureMoment(error: unknown): FailureMoment {
  const failure = error as { code?: string; message?: string };
  if (codesOf(error).some((code) => NOTHING_SENT.has(code) || code === 'EDNS')) return 'before-send';
  if (failure.code === 'ETIMEDOUT' && /connection timeout|greeting never received/iu.test(failure.message ?? ''))
    return 'before-send';
  return 'maybe-delivered';
}
