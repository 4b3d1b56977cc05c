/**
 * Failed logins, remembered to slow guessing without locking anyone out of their own account:
 * - per account name (known or not, so the answers never tell which accounts exist): failures from
 *   addresses the account never logged in from; past the limit, only such addresses wait;
 * - per address, across every name: one address cannot try hundreds of names, each an Argon2 run;
 * - an address an account logged in from before (`known`, kept in the store by known-addresses.ts,
 *   so a restart does not forget it) is never slowed for that account — its owner at the office
 *   keeps logging in while someone elsewhere guesses.
 * The failures are in memory: one dashboard process serves a province; a restart forgets them (an
 * attacker starts over, at most 30 more guesses).
 */
export class LoginGuard {
  readonly #nameFailures = new Map<string, number[]>();
  readonly #addressFailures = new Map<string, number[]>();
  readonly #maxPerName: number;
  readonly #maxPerAddress: number;
  readonly #windowMs: number;

  constructor(options: { maxPerName?: number; maxPerAddress?: number; windowMs?: number } = {}) {
    this.#maxPerName = options.maxPerName ?? 30;
    this.#maxPerAddress = options.maxPerAddress ?? 30;
    this.#windowMs = options.windowMs ?? 15 * 60_000;
  }

  #recent(map: Map<string, number[]>, key: string, now: number): number[] {
    const kept = (map.get(key) ?? []).filter((at) => now - at < this.#windowMs);
    if (kept.length) map.set(key, kept);
    else map.delete(key);
    return kept;
  }

  #waitFor(recent: number[], max: number, now: number): number {
    if (recent.length < max) return 0;
    return Math.max(1, Math.ceil((this.#windowMs - (now - (recent[recent.length - max] ?? now))) / 1000));
  }

  /**
   * Seconds this address waits before trying this name again, or 0 when it may try now. Decided
   * before the password is checked: a refused try costs no Argon2 run, whoever the name is.
   */
  waitFor(name: string, address: string, known: boolean, now = Date.now()): number {
    if (known) return 0;
    return Math.max(
      this.#waitFor(this.#recent(this.#addressFailures, address, now), this.#maxPerAddress, now),
      this.#waitFor(this.#recent(this.#nameFailures, name, now), this.#maxPerName, now),
    );
  }

  failed(name: string, address: string, known: boolean, now = Date.now()): void {
    // The owner mistyping at their own desk slows nobody.
    if (known) return;
    this.#append(this.#addressFailures, address, now);
    this.#append(this.#nameFailures, name, now);
  }

  #append(map: Map<string, number[]>, key: string, now: number): void {
    const recent = this.#recent(map, key, now);
    // Bounded: a key keeps no more failures than any limit needs, the map no more keys than a flood leaves.
    map.set(key, [...recent.slice(-(Math.max(this.#maxPerName, this.#maxPerAddress) - 1)), now]);
    if (map.size > MAX_KEYS) map.delete(map.keys().next().value as string);
  }
}

const MAX_KEYS = 100_000;
