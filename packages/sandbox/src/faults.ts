import { z } from 'zod';
import { AdversarialPlan } from './adversarial.ts';
import { hashOf } from './random.ts';
import { MARKETPLACE_KINDS, type MarketplaceKind } from './world/types.ts';

/** Shares of requests answered with each fault; the rest are served normally. */
export const faultProfileSchema = z.strictObject({
  serverError: z.number().min(0).max(1).default(0),
  hang: z.number().min(0).max(1).default(0),
  reset: z.number().min(0).max(1).default(0),
  rateLimit: z.number().min(0).max(1).default(0),
  challenge200: z.number().min(0).max(1).default(0),
  block403: z.number().min(0).max(1).default(0),
  slow: z.number().min(0).max(1).default(0),
  slowMs: z.number().int().nonnegative().default(300),
  /** The site redesign: pages change layout, so adapters must say parse_failed. */
  redesign: z.boolean().default(false),
  /**
   * The marketplace moved its URL scheme or shipped a broken deploy: every product URL answers
   * 404 (`http404`) or is sent to the home page (`redirect_home`), whatever the listing's state.
   */
  moved: z.enum(['no', 'http404', 'redirect_home']).default('no'),
  /**
   * Pages that look like a removal but are not (adversarial.ts): bounces home with a return
   * address, a challenge at `/` reached by redirect, a firewall's 404, holiday notices, "Sắp hết
   * hàng", products moved by 301, another product's removal page — for listings on sale.
   */
  adversarial: z.boolean().default(false),
});
export type FaultProfile = z.output<typeof faultProfileSchema>;

export const FAULT_PROFILES = {
  none: {},
  light: {
    serverError: 0.02,
    hang: 0.005,
    reset: 0.01,
    rateLimit: 0.02,
    challenge200: 0.01,
    block403: 0.005,
    slow: 0.05,
  },
  heavy: { serverError: 0.08, hang: 0.02, reset: 0.04, rateLimit: 0.06, challenge200: 0.04, block403: 0.02, slow: 0.1 },
  blocked: { block403: 1 },
  redesign: { redesign: true },
  moved: { moved: 'http404' },
  'moved-home': { moved: 'redirect_home' },
  adversarial: { adversarial: true },
} as const satisfies Record<string, z.input<typeof faultProfileSchema>>;
export type FaultProfileName = keyof typeof FAULT_PROFILES;

const profileRef = z.union([z.enum(Object.keys(FAULT_PROFILES) as [FaultProfileName]), faultProfileSchema]);
/** One profile for every marketplace, or one per marketplace. */
export const faultsOptionSchema = z.union([profileRef, z.partialRecord(z.enum(MARKETPLACE_KINDS), profileRef)]);
export type FaultsOption = z.input<typeof faultsOptionSchema>;

export type Fault = 'serverError' | 'hang' | 'reset' | 'rateLimit' | 'challenge200' | 'block403' | 'slow';
const FAULT_ORDER: readonly Fault[] = ['serverError', 'hang', 'reset', 'rateLimit', 'challenge200', 'block403', 'slow'];

function resolve(ref: z.output<typeof profileRef> | undefined): FaultProfile {
  if (ref === undefined) return faultProfileSchema.parse({});
  return faultProfileSchema.parse(typeof ref === 'string' ? FAULT_PROFILES[ref] : ref);
}

/** Fault profiles per marketplace, changeable while the sandbox runs (e.g. a redesign mid-run). */
export class FaultPlan {
  readonly #profiles = new Map<MarketplaceKind, FaultProfile>();
  readonly #seed: number;
  readonly #attempts = new Map<string, number>();
  /** What the adversarial profile serves, where it is on. */
  readonly adversarial: AdversarialPlan;

  constructor(seed: number, option: FaultsOption) {
    this.#seed = seed;
    this.adversarial = new AdversarialPlan(seed);
    this.set(option);
  }

  set(option: FaultsOption): void {
    const parsed = faultsOptionSchema.parse(option);
    const perMarketplace = typeof parsed === 'object' && MARKETPLACE_KINDS.some((kind) => kind in parsed);
    for (const kind of MARKETPLACE_KINDS) {
      const ref = perMarketplace ? (parsed as Partial<Record<MarketplaceKind, unknown>>)[kind] : parsed;
      this.#profiles.set(kind, resolve(ref as z.output<typeof profileRef> | undefined));
    }
  }

  profile(kind: MarketplaceKind): FaultProfile {
    return this.#profiles.get(kind) ?? resolve(undefined);
  }

  /**
   * The fault for this request, reproducible by seed: the draw depends on the day, the path and
   * how many times that path was asked that day (so a retry gets a fresh draw).
   */
  draw(kind: MarketplaceKind, day: number, path: string): Fault | null {
    const profile = this.profile(kind);
    const key = `${kind}|${day}|${path}`;
    const attempt = (this.#attempts.get(key) ?? 0) + 1;
    this.#attempts.set(key, attempt);
    let point = hashOf(this.#seed, key, attempt) / 0x1_0000_0000;
    for (const fault of FAULT_ORDER) {
      point -= profile[fault];
      if (point < 0) return fault;
    }
    return null;
  }

  /** Forget per-path attempt counts (they only matter within a day). */
  newDay(): void {
    this.#attempts.clear();
  }
}
