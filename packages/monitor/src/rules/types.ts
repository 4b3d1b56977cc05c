export const ALERT_TYPES = [
  'listing_delisted',
  /** Reviewers: removal evidence from rules never seen on the real marketplace; a person decides. */
  'listing_possibly_removed',
  'zero_sales',
  'out_of_stock',
  'product_uncovered',
  'certificate_expiring',
  'marketplace_degraded',
  /** Operators and reviewers: one run's delisted evidence on a marketplace looks like a move, not removals. */
  'marketplace_mass_delisting',
  /** Operators: no daily run finished by the watchdog hour. */
  'run_overdue',
] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

/** Where an alert stands; `live` (every state but resolved) is what the queue shows by default. */
export const ALERT_QUEUE_STATES = ['live', 'open', 'confirmed', 'dismissed', 'snoozed', 'resolved'] as const;
type Severity = 'info' | 'warn' | 'critical';

/** An alert a rule wants open now; reconciling opens, updates or leaves it. */
export interface DesiredAlert {
  type: AlertType;
  subject: string;
  severity: Severity;
  listingId?: number;
  productId?: number;
  marketplace?: string;
  evidence: Record<string, unknown>;
}

/**
 * What one rule concluded: alerts to raise, and subjects it could not decide this time (their
 * live alerts are kept as they are, neither raised again nor resolved).
 */
export interface RuleOutcome {
  type: AlertType;
  raise: DesiredAlert[];
  keep: Set<string>;
  /** Cases the rule could not decide (e.g. approximate sold counts). */
  undecidable: number;
}
