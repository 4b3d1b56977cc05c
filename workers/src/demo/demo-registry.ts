import type { Store } from '@ocop-monitor/monitor';
import type { Sandbox } from '@ocop-monitor/sandbox';
import type { Config } from '../config/schema.ts';
import { syncNationalRegistry } from '../registry-sync.ts';

/** The demo's weekly registry syncs, and what they found against what the sandbox changed. */
export class DemoRegistry {
  readonly #found: Record<string, number> = {};
  readonly #foundIds = new Set<string>();
  #syncs = 0;
  #lastDay = 0;

  readonly #config: Config;
  readonly #store: Store;
  readonly #sandbox: Sandbox;

  constructor(config: Config, store: Store, sandbox: Sandbox) {
    this.#config = config;
    this.#store = store;
    this.#sandbox = sandbox;
  }

  async sync(day: number, at: Date): Promise<void> {
    const summary = await syncNationalRegistry(this.#config, this.#store, at);
    this.#syncs += 1;
    this.#lastDay = day;
    for (const event of summary.events) {
      this.#found[event.kind] = (this.#found[event.kind] ?? 0) + 1;
      this.#foundIds.add(`${event.kind}:${event.nationalId}`);
    }
  }

  result(): { syncs: number; found: Record<string, number>; truth: Record<string, number>; missed: number } {
    const due = this.#sandbox.registry.changes.filter((change) => change.day <= this.#lastDay);
    const truth: Record<string, number> = {};
    for (const change of due) truth[change.kind] = (truth[change.kind] ?? 0) + 1;
    const missed = due.filter((change) => !this.#foundIds.has(`${change.kind}:${change.id}`)).length;
    return { syncs: this.#syncs, found: { ...this.#found }, truth, missed };
  }
}
