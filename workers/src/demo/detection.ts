export interface DetectionScore {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : Math.round((a / b) * 1000) / 1000);

/** Scores alerts against truth, counting each listing once. */
export class DetectionTally {
  readonly #alertedRight = new Set<string>();
  readonly #alertedWrong = new Set<string>();
  readonly #shouldAlert = new Set<string>();

  alerted(key: string, correct: boolean): void {
    (correct ? this.#alertedRight : this.#alertedWrong).add(key);
  }

  /** The truth says this listing should have been flagged (by now, delays allowed for). */
  expected(key: string): void {
    this.#shouldAlert.add(key);
  }

  score(): DetectionScore {
    const truePositives = this.#alertedRight.size;
    const falsePositives = [...this.#alertedWrong].filter((key) => !this.#alertedRight.has(key)).length;
    const falseNegatives = [...this.#shouldAlert].filter((key) => !this.#alertedRight.has(key)).length;
    return {
      truePositives,
      falsePositives,
      falseNegatives,
      precision: ratio(truePositives, truePositives + falsePositives),
      recall: ratio(truePositives, truePositives + falseNegatives),
    };
  }
}
