import { setTimeout as sleep } from 'node:timers/promises';

export interface HostGateOptions {
  /** Minimum time between two request starts on one host. */
  minIntervalMs: number;
  /** Requests in flight at once on one host. */
  maxInFlight: number;
  /** Random extra delay added to each interval, so many workers do not beat in step. */
  jitterMs: number;
  random?: () => number;
}

interface HostState {
  inFlight: number;
  nextStartAt: number;
  pausedUntil: number;
  waiting: Array<() => void>;
}

/**
 * Per-host politeness: spacing between request starts, a cap on concurrent requests, and a pause
 * until a time the host asked for (Retry-After). Hand-written rather than p-queue because p-queue
 * has neither per-start jitter nor "pause until" that a 429 needs.
 */
export class HostGate {
  readonly #options: Required<HostGateOptions>;
  readonly #hosts = new Map<string, HostState>();

  constructor(options: HostGateOptions) {
    this.#options = { random: Math.random, ...options };
  }

  #state(host: string): HostState {
    let state = this.#hosts.get(host);
    if (!state) {
      state = { inFlight: 0, nextStartAt: 0, pausedUntil: 0, waiting: [] };
      this.#hosts.set(host, state);
    }
    return state;
  }

  /** A slot on `host` at once, or null when one must wait: saves a promise per request. */
  tryAcquire(host: string): (() => void) | null {
    const state = this.#state(host);
    const now = Date.now();
    if (state.inFlight >= this.#options.maxInFlight || state.nextStartAt > now) return null;
    state.inFlight += 1;
    state.nextStartAt = now + this.#options.minIntervalMs + this.#options.random() * this.#options.jitterMs;
    return () => {
      state.inFlight -= 1;
      state.waiting.shift()?.();
    };
  }

  /** Waits for a slot on `host`; the returned function gives it back. */
  async acquire(host: string, signal?: AbortSignal): Promise<() => void> {
    const state = this.#state(host);
    while (state.inFlight >= this.#options.maxInFlight) {
      await new Promise<void>((resolve) => state.waiting.push(resolve));
      signal?.throwIfAborted();
    }
    state.inFlight += 1;
    const release = () => {
      state.inFlight -= 1;
      state.waiting.shift()?.();
    };
    const now = Date.now();
    const startAt = Math.max(now, state.nextStartAt);
    state.nextStartAt = startAt + this.#options.minIntervalMs + this.#options.random() * this.#options.jitterMs;
    try {
      if (startAt > now) await sleep(startAt - now, undefined, signal ? { signal } : undefined);
    } catch (error) {
      release();
      throw error;
    }
    return release;
  }

  /** When a Retry-After pause on `host` ends (0 when there is none). */
  pausedUntil(host: string): number {
    return this.#hosts.get(host)?.pausedUntil ?? 0;
  }

  /** No new request to `host` starts before `epochMs` (a Retry-After from the host). */
  pauseUntil(host: string, epochMs: number): void {
    const state = this.#state(host);
    state.nextStartAt = Math.max(state.nextStartAt, epochMs);
    state.pausedUntil = Math.max(state.pausedUntil, epochMs);
  }
}
