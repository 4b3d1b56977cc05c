import robotsParserModule from 'robots-parser';
import type { HttpResponse } from './types.ts';

// The package is CommonJS but its types declare an ES default export: Node hands us the function.
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;
type Robot = ReturnType<typeof robotsParser>;

interface CacheEntry {
  robot: Robot | null; // null: no rules (404, or unreachable)
  expiresAt: number;
}

const UNREACHABLE_TTL_MS = 10 * 60_000;

/**
 * robots.txt per origin, fetched once and cached (DESIGN §8). A missing robots.txt (4xx) allows
 * everything; an unreachable one (5xx, network) also lets requests through but is asked again
 * after ten minutes instead of being cached for the full TTL.
 */
export class RobotsCache {
  readonly #cache = new Map<string, CacheEntry>();
  readonly #pending = new Map<string, Promise<CacheEntry>>();
  readonly #fetch: (url: string) => Promise<HttpResponse>;
  readonly #ttlMs: number;

  constructor(fetchRobots: (url: string) => Promise<HttpResponse>, ttlMs: number) {
    this.#fetch = fetchRobots;
    this.#ttlMs = ttlMs;
  }

  async isAllowed(url: URL, userAgent: string): Promise<boolean> {
    const entry = await this.#entry(url.origin);
    return entry.robot?.isAllowed(url.href, userAgent) ?? true;
  }

  async #entry(origin: string): Promise<CacheEntry> {
    const cached = this.#cache.get(origin);
    if (cached && cached.expiresAt > Date.now()) return cached;
    let pending = this.#pending.get(origin);
    if (!pending) {
      pending = this.#load(origin).finally(() => this.#pending.delete(origin));
      this.#pending.set(origin, pending);
    }
    return pending;
  }

  async #load(origin: string): Promise<CacheEntry> {
    const robotsUrl = `${origin}/robots.txt`;
    let entry: CacheEntry;
    try {
      const response = await this.#fetch(robotsUrl);
      if (response.status >= 200 && response.status < 300) {
        entry = { robot: robotsParser(robotsUrl, response.body), expiresAt: Date.now() + this.#ttlMs };
      } else if (response.status >= 400 && response.status < 500) {
        entry = { robot: null, expiresAt: Date.now() + this.#ttlMs };
      } else {
        entry = { robot: null, expiresAt: Date.now() + UNREACHABLE_TTL_MS };
      }
    } catch {
      entry = { robot: null, expiresAt: Date.now() + UNREACHABLE_TTL_MS };
    }
    this.#cache.set(origin, entry);
    return entry;
  }
}
