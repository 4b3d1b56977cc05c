import pRetry from 'p-retry';
import { Agent, type Dispatcher, request } from 'undici';
import { OcopError } from '../errors.ts';
import { addressForMessage, toOcopError } from './error-mapping.ts';
import { HostGate } from './host-gate.ts';
import { HostPolicy } from './host-policy.ts';
import { type PoliteClientOptions, politeClientOptionsSchema, type ResolvedPoliteClientOptions } from './options.ts';
import { readBody } from './read-body.ts';
import { RobotsCache } from './robots.ts';
import type { HttpClient, HttpRequestOptions, HttpResponse } from './types.ts';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

/** Carries a retryable response through p-retry; unwrapped when retries run out. */
class RetryableResponse extends Error {
  readonly response: HttpResponse;
  constructor(response: HttpResponse) {
    super(`HTTP ${response.status}`);
    this.response = response;
  }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** Seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfterMs(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/u.test(value.trim())) return Number.parseInt(value, 10) * 1_000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * The polite HTTP client (DESIGN §8): one long-lived undici Agent, the marketplace allowlist on
 * every hop, per-host spacing and concurrency, robots.txt, timeouts, a size cap, decompression and
 * retries of transient failures only. A 404 or any other answer is returned, never retried into
 * something else.
 */
export class PoliteHttpClient implements HttpClient {
  readonly options: ResolvedPoliteClientOptions;
  readonly userAgent: string;
  readonly #policy: HostPolicy;
  readonly #gate: HostGate;
  readonly #robots: RobotsCache;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #headers: Record<string, string>;

  constructor(options: PoliteClientOptions & { dispatcher?: Dispatcher }) {
    const { dispatcher, ...rest } = options;
    const parsed = politeClientOptionsSchema.safeParse(rest);
    if (!parsed.success) {
      throw new OcopError('INVALID_OPTIONS', `Invalid HTTP client options: ${parsed.error.message}`);
    }
    this.options = parsed.data;
    this.userAgent = `${this.options.userAgentProduct} (+${this.options.contactUrl})`;
    this.#headers = {
      'user-agent': this.userAgent,
      'accept-encoding': 'gzip, br',
      accept: 'text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8',
      'accept-language': 'vi-VN,vi;q=0.9',
    };
    this.#policy = new HostPolicy(this.options.allowedHosts);
    this.#gate = new HostGate(this.options);
    this.#robots = new RobotsCache(
      (url) => this.#fetchOnce(url, {}, false, performance.now() + this.options.totalTimeoutMs),
      this.options.robotsTtlMs,
    );
    this.#ownsDispatcher = dispatcher === undefined;
    this.#dispatcher =
      dispatcher ??
      new Agent({
        connect: { timeout: this.options.connectTimeoutMs, lookup: this.#policy.lookup },
        keepAliveTimeout: 30_000,
      });
  }

  get allowedHosts(): readonly string[] {
    return this.#policy.hosts;
  }

  async get(url: string, options: HttpRequestOptions = {}): Promise<HttpResponse> {
    const checkDeadline = performance.now() + this.options.checkDeadlineMs;
    const attempt = async () => {
      const response = await this.#fetchOnce(url, options, this.options.respectRobotsTxt, checkDeadline);
      if (RETRYABLE_STATUSES.has(response.status) && this.#waitableRetryAfter(response)) {
        throw new RetryableResponse(response);
      }
      return response;
    };
    try {
      if (this.options.retries === 0) return await attempt();
      return await pRetry(attempt, {
        retries: this.options.retries,
        minTimeout: this.options.retryMinDelayMs,
        maxTimeout: this.options.retryMaxDelayMs,
        randomize: true,
        maxRetryTime: this.options.checkDeadlineMs,
        ...(options.signal ? { signal: options.signal } : {}),
        // No new attempt that could not even start before the check's deadline.
        shouldRetry: ({ error }) =>
          performance.now() + this.options.retryMinDelayMs < checkDeadline &&
          (error instanceof RetryableResponse || (OcopError.is(error) && error.retryable)),
      });
    } catch (error) {
      if (error instanceof RetryableResponse) return error.response;
      if (options.signal?.aborted && !OcopError.is(error)) {
        throw new OcopError('ABORTED', `Request to ${addressForMessage(url)} was aborted`, { cause: error });
      }
      throw error;
    }
  }

  /** A 429/503 is retried only when the host's Retry-After (if any) is short enough to wait. */
  #waitableRetryAfter(response: HttpResponse): boolean {
    const retryAfterMs = parseRetryAfterMs(response.headers['retry-after']);
    return retryAfterMs === null || retryAfterMs <= this.options.maxRetryAfterMs;
  }

  async #fetchOnce(
    url: string,
    options: HttpRequestOptions,
    checkRobots: boolean,
    checkDeadline: number,
  ): Promise<HttpResponse> {
    const started = performance.now();
    const redirects: string[] = [];
    const redirectStatuses: number[] = [];
    // The total timeout is a deadline checked by readBody and between hops, not an AbortSignal:
    // a timer signal per request cost a fifth of the client's throughput. undici's own connect,
    // headers and body timeouts bound each wait.
    const deadline = Math.min(started + this.options.totalTimeoutMs, checkDeadline);
    const late = () =>
      deadline === checkDeadline
        ? `${addressForMessage(url)}: no complete answer within the check's deadline of ${this.options.checkDeadlineMs} ms (retries included)`
        : `${addressForMessage(url)} took longer than ${this.options.totalTimeoutMs} ms`;
    const signal = options.signal;
    let current = this.#policy.assertAllowed(url);
    for (;;) {
      if (checkRobots && !(await this.#robots.isAllowed(current, this.options.userAgentProduct))) {
        throw new OcopError('ROBOTS_DISALLOWED', `robots.txt of ${current.host} disallows ${current.pathname}`);
      }
      const pausedUntil = this.#gate.pausedUntil(current.host);
      if (pausedUntil - Date.now() > deadline - performance.now()) {
        // The host asked us to wait (Retry-After) longer than this request may take: say so now.
        throw new OcopError(
          'RATE_LIMITED',
          `${current.host} asked to wait until ${new Date(pausedUntil).toISOString()}`,
          {
            retryAfterMs: pausedUntil - Date.now(),
          },
        );
      }
      if (performance.now() > deadline) throw new OcopError('TIMEOUT', late());
      let release: (() => void) | undefined;
      try {
        release = this.#gate.tryAcquire(current.host) ?? (await this.#gate.acquire(current.host, signal));
        const response = await request(current, {
          dispatcher: this.#dispatcher,
          method: 'GET',
          ...(signal ? { signal } : {}),
          headersTimeout: this.options.headersTimeoutMs,
          bodyTimeout: this.options.bodyTimeoutMs,
          headers: options.headers ? { ...this.#headers, ...options.headers } : this.#headers,
        });
        const headers = flattenHeaders(response.headers);
        const retryAfterMs = parseRetryAfterMs(headers['retry-after']);
        if (retryAfterMs !== null && (response.statusCode === 429 || response.statusCode === 503)) {
          this.#gate.pauseUntil(current.host, Date.now() + retryAfterMs);
        }
        const location = headers.location;
        if (REDIRECT_STATUSES.has(response.statusCode) && location) {
          await response.body.dump();
          if (redirects.length >= this.options.maxRedirects) {
            throw new OcopError(
              'TOO_MANY_REDIRECTS',
              `More than ${this.options.maxRedirects} redirects from ${addressForMessage(url)}`,
            );
          }
          current = this.#policy.assertAllowed(new URL(location, current), 'REDIRECT_NOT_ALLOWED');
          redirects.push(current.href);
          redirectStatuses.push(response.statusCode);
          continue;
        }
        const body = await readBody(
          response.body,
          headers['content-encoding'],
          this.options.maxResponseBytes,
          deadline,
          late(),
        );
        return {
          url,
          finalUrl: current.href,
          redirects,
          redirectStatuses,
          status: response.statusCode,
          headers,
          body: body.text,
          bytes: body.bytes,
          sha256: body.sha256,
          durationMs: performance.now() - started,
        };
      } catch (error) {
        throw toOcopError(error, current, options.signal);
      } finally {
        release?.();
      }
    }
  }

  /** Closes the Agent if this client created it. */
  async close(): Promise<void> {
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }
}

export function createPoliteClient(options: PoliteClientOptions & { dispatcher?: Dispatcher }): PoliteHttpClient {
  return new PoliteHttpClient(options);
}
