import { formatDateTime } from '@ocop-monitor/monitor';
import type { Gate } from './config.ts';

export interface GatedAlert {
  id: number;
  type: string;
  /** open, confirmed, dismissed, snoozed, resolved */
  state: string;
  openedAt: Date;
  marketplace: string | null;
}

export interface GateContext {
  /** The listing's state now (`delisted` mutes its own zero-sales and out-of-stock). */
  listingState: string | null;
  /** Other live alert types on the same listing. */
  liveTypesOnListing: ReadonlySet<string>;
  /** Marketplaces with a live marketplace_degraded or marketplace_mass_delisting alert. */
  mutedMarketplaces: ReadonlySet<string>;
  /**
   * The latest run re-affirmed the alert (or a reviewer acted on it since): an alert only kept over
   * a check that could not read the page may be out of date — the listing may have sold since.
   */
  current: boolean;
}

export type GateDecision = { release: true } | { release: false; why: string };

const MUTED_BY_DELISTING = new Set(['zero_sales', 'out_of_stock']);

/**
 * Whether an alert may reach its producer now (DESIGN §2, "never a false alarm"): the reviewer
 * gate of its type, then inhibition — a delisted listing mutes its own zero-sales and
 * out-of-stock alerts, and a degraded or mass-delisting marketplace mutes every alert from it.
 */
export function producerGate(
  alert: GatedAlert,
  context: GateContext,
  gates: Readonly<Record<string, Gate>>,
  now: Date,
): GateDecision {
  const gate = gates[alert.type] ?? { release: 'never' };
  if (gate.release === 'never') return { release: false, why: `${alert.type} never goes to producers` };
  if (alert.state !== 'open' && alert.state !== 'confirmed') return { release: false, why: `alert is ${alert.state}` };
  if (gate.release === 'review' && alert.state !== 'confirmed')
    return { release: false, why: 'waiting for a reviewer to confirm it' };
  if (gate.release === 'auto' && alert.state === 'open') {
    const due = alert.openedAt.getTime() + gate.afterHours * 3_600_000;
    if (now.getTime() < due)
      return { release: false, why: `released automatically at ${formatDateTime(new Date(due))}` };
  }
  if (!context.current) return { release: false, why: 'not re-confirmed by the latest run' };
  if (
    MUTED_BY_DELISTING.has(alert.type) &&
    (context.listingState === 'delisted' || context.liveTypesOnListing.has('listing_delisted'))
  )
    return { release: false, why: 'muted: the listing itself is delisted' };
  if (alert.marketplace && context.mutedMarketplaces.has(alert.marketplace))
    return { release: false, why: `muted: ${alert.marketplace} is degraded or held` };
  return { release: true };
}
