import { request } from 'undici';
import { SellerAuthError } from './contract.ts';

/** The longest a token call (exchange, refresh) may take, answer read whole. */
const TOKEN_CALL_DEADLINE_MS = 15_000;
/** The largest token answer read: a real one is under 2 kB. */
const TOKEN_ANSWER_MAX_BYTES = 256 * 1024;

type RequestOptions = NonNullable<Parameters<typeof request>[1]>;

/**
 * One call to a platform with an overall deadline and a cap on the answer's size, its body as text;
 * a redirect is not followed. A platform that trickles its answer or sends megabytes holds no check
 * and fills no memory: a transport failure is `network`, a late or oversized answer
 * `platform_error` — neither ends a consent. `what` names the call in the error ("the token call").
 */
export async function boundedCall(
  platform: string,
  what: string,
  url: URL | string,
  options: Omit<RequestOptions, 'signal'>,
  limits: { deadlineMs: number; maxBytes: number },
  signal?: AbortSignal,
): Promise<{ status: number; text: string }> {
  const failed = (why: string) =>
    new SellerAuthError(`${platform} did not answer ${what} (${why})`, 'platform_error', false);
  const deadline = AbortSignal.timeout(limits.deadlineMs);
  let response: Awaited<ReturnType<typeof request>>;
  try {
    response = await request(url, {
      ...options,
      headersTimeout: limits.deadlineMs,
      bodyTimeout: limits.deadlineMs,
      signal: signal ? AbortSignal.any([signal, deadline]) : deadline,
    });
  } catch (error) {
    const name = (error as Error).name;
    throw deadline.aborted
      ? failed('TimeoutError')
      : new SellerAuthError(`${platform} did not answer ${what} (${name})`, 'network', false);
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
    throw failed(deadline.aborted ? 'TimeoutError' : (error as Error).name);
  }
  return { status: response.statusCode, text: Buffer.concat(chunks).toString('utf8') };
}

/** One token call (`boundedCall`, 15 s, 256 kB), its body parsed as JSON. */
export async function tokenCallAnswer(
  platform: string,
  url: URL | string,
  options: Omit<RequestOptions, 'signal'> = {},
  limits = { deadlineMs: TOKEN_CALL_DEADLINE_MS, maxBytes: TOKEN_ANSWER_MAX_BYTES },
): Promise<{ status: number; body: unknown }> {
  const { status, text } = await boundedCall(platform, 'the token call', url, options, limits);
  try {
    return { status, body: JSON.parse(text) };
  } catch {
    throw new SellerAuthError(`${platform} did not answer the token call (answer unreadable)`, 'platform_error', false);
  }
}
