/**
 * Failed logins per account, from every address: the per-address limit (10 a minute per address
 * and name) stops one guesser; this stops many addresses guessing one account. In memory: one
 * dashboard process serves a province, and a restart forgetting the count costs an attacker a
 * restart per window.
 */
export class AccountLoginGuard {
  readonly #failures = new Map<number, number[]>();
  readonly #max: number;
  readonly #windowMs: number;

  constructor(options: { maxFailures?: number; windowMs?: number } = {}) {
    this.#max = options.maxFailures ?? 30;
    this.#windowMs = options.windowMs ?? 15 * 60_000;
  }

  #recent(accountId: number, now: number): number[] {
    const kept = (this.#failures.get(accountId) ?? []).filter((at) => now - at < this.#windowMs);
    if (kept.length) this.#failures.set(accountId, kept);
    else this.#failures.delete(accountId);
    return kept;
  }

  /** Seconds until this account may be tried again, or 0 when it may be now. */
  blockedFor(accountId: number, now = Date.now()): number {
    const recent = this.#recent(accountId, now);
    if (recent.length < this.#max) return 0;
    return Math.ceil((this.#windowMs - (now - (recent[0] ?? now))) / 1000);
  }

  failed(accountId: number, now = Date.now()): void {
    this.#failures.set(accountId, [...this.#recent(accountId, now), now]);
  }

  succeeded(accountId: number): void {
    this.#failures.delete(accountId);
  }
}
