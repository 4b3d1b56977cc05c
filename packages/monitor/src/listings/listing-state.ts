/** DESIGN §4: what a listing is believed to be, and only positive evidence moves it toward delisted. */
export type ListingState = 'active' | 'suspect' | 'delisted' | 'stale' | 'retired';

export interface ListingStatus {
  state: ListingState;
  /** The first `delisted` observation of the current suspicion. */
  suspectSince: Date | null;
  /** The first of them by a `seen` removal rule: what a confirmation is measured from. */
  seenEvidenceSince: Date | null;
}

export interface StateInput {
  verdict: 'active' | 'delisted' | 'unknown';
  checkedAt: Date;
  /**
   * For `delisted`: whether its rule was seen on the real marketplace (`assumed` otherwise), or the
   * marketplace's own record read through its open platform (`authoritative`).
   */
  provenance?: 'seen' | 'assumed' | 'authoritative' | null | undefined;
}

export interface StateRules {
  confirmAfterMs: number;
  /** The marketplace is quarantined for this run: nothing of it moves toward delisted. */
  quarantined: boolean;
}

/**
 * The next state after one observation. `unknown` never moves a listing; one `delisted` makes it
 * `suspect`; a second one by a `seen` rule, at least `confirmAfterMs` after the first seen one,
 * with no `active` between, confirms it. An `assumed` rule only ever makes a listing suspect: a
 * reviewer confirms it (`listing_possibly_removed`). The marketplace's own record (`authoritative`,
 * a seller source) confirms on one reading: it is not evidence about the item, it is the item's state.
 */
export function nextListingState(current: ListingStatus, observation: StateInput, rules: StateRules): ListingStatus {
  if (current.state === 'retired' || observation.verdict === 'unknown') return current;
  if (observation.verdict === 'active') return { state: 'active', suspectSince: null, seenEvidenceSince: null };
  if (rules.quarantined || current.state === 'delisted') return current;
  if (observation.provenance === 'authoritative')
    return { state: 'delisted', suspectSince: observation.checkedAt, seenEvidenceSince: observation.checkedAt };
  const seen = observation.provenance === 'seen';
  // A suspect listing that went stale while its checks failed keeps its sightings: no `active`
  // came between (that would have cleared them), so the next sighting can confirm it.
  const suspected = (current.state === 'suspect' || current.state === 'stale') && current.suspectSince !== null;
  const suspectSince = suspected ? current.suspectSince : observation.checkedAt;
  if (!seen) return { state: 'suspect', suspectSince, seenEvidenceSince: suspected ? current.seenEvidenceSince : null };
  const firstSeen = suspected ? current.seenEvidenceSince : null;
  if (firstSeen && observation.checkedAt.getTime() - firstSeen.getTime() >= rules.confirmAfterMs)
    return { state: 'delisted', suspectSince, seenEvidenceSince: firstSeen };
  return { state: 'suspect', suspectSince, seenEvidenceSince: firstSeen ?? observation.checkedAt };
}

/** Persistent `unknown` makes an active or suspect listing stale; a concluded delisting stays. */
export function isStale(state: ListingState, lastConclusiveAt: Date | null, now: Date, staleAfterMs: number): boolean {
  if (state !== 'active' && state !== 'suspect') return false;
  return lastConclusiveAt === null || now.getTime() - lastConclusiveAt.getTime() > staleAfterMs;
}
