export interface DetectionScore {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** Of the listings alerted, the share the truth agreed with on the day each alert opened. */
  precision: number;
  /** Of the listings the truth says were due an alert, the share that had it every day it was due. */
  recall: number;
  /** Listings the truth says qualify, whose marketplace never shows what the rule needs (approximate or hidden sold counts). */
  undecidable: number;
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : Math.round((a / b) * 1000) / 1000);

/**
 * Scores one alert type against the truth, counting each listing once: a listing is a false
 * positive if any of its alerts opened on a day the truth contradicts, a miss if on any day it was
 * due an alert (truth, after the documented delays) it had none live, else a true positive.
 */
export class DetectionTally {
  readonly #right = new Set<string>();
  readonly #wrong = new Set<string>();
  readonly #missed = new Set<string>();
  readonly #undecidable = new Set<string>();

  /** An alert opened today; `trueThatDay` is what the truth said of it on that day. */
  opened(key: string, trueThatDay: boolean): void {
    (trueThatDay ? this.#right : this.#wrong).add(key);
  }

  /** The truth says this listing was due an alert today, and none was live. */
  missed(key: string): void {
    this.#missed.add(key);
  }

  undecidable(key: string): void {
    this.#undecidable.add(key);
  }

  score(): DetectionScore {
    const falsePositives = this.#wrong.size;
    const falseNegatives = [...this.#missed].filter((key) => !this.#wrong.has(key)).length;
    const truePositives = [...this.#right].filter((key) => !this.#wrong.has(key) && !this.#missed.has(key)).length;
    return {
      truePositives,
      falsePositives,
      falseNegatives,
      precision: ratio(truePositives, truePositives + falsePositives),
      recall: ratio(truePositives, truePositives + falseNegatives),
      undecidable: this.#undecidable.size,
    };
  }
}
