/**
 * One upload at a time per dashboard: reading an XLSX takes tens of MB for a moment, and sixteen at
 * once ended a 400 MB service. A second upload waits a little (its body unread, held back by TCP)
 * for the first to finish; past that wait, or when enough are waiting already, it is turned away
 * and asked to come back (503, Retry-After) — memory stays that of one import.
 */
export class UploadGate {
  #busy = false;
  readonly #waiting: Array<() => void> = [];
  readonly #waitMs: number;
  readonly #maxWaiting: number;

  constructor(options: { waitMs?: number; maxWaiting?: number } = {}) {
    this.#waitMs = options.waitMs ?? 10_000;
    this.#maxWaiting = options.maxWaiting ?? 4;
  }

  /** The slot (call the returned function when done), or null when it stayed taken too long. */
  async enter(): Promise<(() => void) | null> {
    if (!this.#busy) {
      this.#busy = true;
      return this.#release();
    }
    if (this.#waiting.length >= this.#maxWaiting || this.#waitMs <= 0) return null;
    return new Promise((resolve) => {
      const turn = () => {
        clearTimeout(timer);
        resolve(this.#release());
      };
      const timer = setTimeout(() => {
        this.#waiting.splice(this.#waiting.indexOf(turn), 1);
        resolve(null);
      }, this.#waitMs);
      this.#waiting.push(turn);
    });
  }

  #release(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // The slot passes straight to the next in line, never free in between.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#busy = false;
    };
  }
}
