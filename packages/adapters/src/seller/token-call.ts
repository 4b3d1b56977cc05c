import { request } from 'undici';
import { SellerAuthError } from './contract.ts';

/** The longest a token call (exchange, refresh) may take, answer read whole. */
const TOKEN_CALL_DEADLINE_MS = 15_000;
/** The largest token answer read: a real one is under 2 kB. */
const TOKEN_ANSWER_MAX_BYTES = 256 * 1024;

type RequestOptions = NonNullable<Parameters<typeof request>[1]>;

/**
 * One token call with an overall deadline and a cap on the answer's size, its body parsed as JSON.
 * A platform that trickles its answer or sends megabytes holds no check and fills no memory: the
 * caller's platform is named in the error, which ends no consent (`platform_error`).
 */
export async function tokenCallAnswer(
  platform: string,
  url: URL | string,
  options: Omit<RequestOptions, 'signal'> = {},
  limits = { deadlineMs: TOKEN_CALL_DEADLINE_MS, maxBytes: TOKEN_ANSWER_MAX_BYTES },
): Promise<{ status: number; body: unknown }> {
  const failed = (why: string) =>
    new SellerAuthError(`${platform} did not answer the token call (${why})`, 'platform_error', false);
  const signal = AbortSignal.timeout(limits.deadlineMs);
  let response: Awaited<ReturnType<typeof request>>;
  try {
    response = await request(url, {
      ...options,
      headersTimeout: limits.deadlineMs,
      bodyTimeout: limits.deadlineMs,
      signal,
    });
  } catch (error) {
    const name = (error as Error).name;
    throw signal.aborted
      ? failed('TimeoutError')
      : new SellerAuthError(`${platform} did not answer the token call (${name})`, 'network', false);
  }
  const chunks: Buffer[] = [];
  let bytes = 0;
  try {
    for await (const chunk of response.body) {
      bytes += (chunk as Buffer).length;
      if (bytes > limits.maxBytes) {
        response.body.destroy();
        throw failed('answer too large');
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof SellerAuthError) throw error;
    throw failed(signal.aborted ? 'TimeoutError' : (error as Error).name);
  }
  try {
    return { status: response.statusCode, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch {
    throw failed('answer unreadable');
  }
}
