import type { MonitorConfig } from '../config.ts';

export interface MarketplaceHealth {
  marketplace: string;
  checks: number;
  unknown: number;
  parseFailed: number;
  quarantined: boolean;
  why: string | null;
}

/**
 * DESIGN §4: when a marketplace's share of `unknown` or of `parse_failed` in one run passes its
 * threshold, it is quarantined for that run, so one layout change never becomes many false alerts.
 */
export function judgeHealth(
  counts: Array<{ marketplace: string; checks: number; unknown: number; parseFailed: number }>,
  thresholds: MonitorConfig['quarantine'],
): MarketplaceHealth[] {
  return counts.map((count) => {
    const unknownShare = count.checks ? count.unknown / count.checks : 0;
    const parseShare = count.checks ? count.parseFailed / count.checks : 0;
    let why: string | null = null;
    if (count.checks >= thresholds.minChecks) {
      if (parseShare > thresholds.parseFailedShare) {
        why = `${Math.round(parseShare * 100)}% parse_failed (threshold ${Math.round(thresholds.parseFailedShare * 100)}%): layout changed?`;
      } else if (unknownShare > thresholds.unknownShare) {
        why = `${Math.round(unknownShare * 100)}% unknown (threshold ${Math.round(thresholds.unknownShare * 100)}%): blocked or down?`;
      }
    }
    return { ...count, quarantined: why !== null, why };
  });
}
