/** DESIGN §4: what a listing is believed to be, and only positive evidence moves it toward delisted. */
export type ListingState = 'active' | 'suspect' | 'delisted' | 'stale' | 'retired';

export interface ListingStatus {
  state: ListingState;
  /** The first `delisted` observation of the current suspicion. */
  suspectSince: Date | null;
}

export interface StateInput {
  verdict: 'active' | 'delisted' | 'unknown';
  checkedAt: Date;
}

export interface StateRules {
  confirmAfterMs: number;
  /** The marketplace is quarantined for this run: nothing of it moves toward delisted. */
  quarantined: boolean;
}

/**
 * The next state after one observation. `unknown` never moves a listing; one `delisted` makes it
 * `suspect`; a second one at least `confirmAfterMs` later, with no `active` between, confirms it.
 */
export function nextListingState(current: ListingStatus, observation: StateInput, rules: StateRules): ListingStatus {
  if (current.state === 'retired' || observation.verdict === 'unknown') return current;
  if (observation.verdict === 'active') return { state: 'active', suspectSince: null };
  if (rules.quarantined || current.state === 'delisted') return current;
  // A suspect listing that went stale while its checks failed keeps its first sighting: no `active`
  // came between (that would have cleared `suspectSince`), so the next sighting can confirm it.
  if ((current.state === 'suspect' || current.state === 'stale') && current.suspectSince) {
    const waited = observation.checkedAt.getTime() - current.suspectSince.getTime();
    return waited >= rules.confirmAfterMs ? { state: 'delisted', suspectSince: current.suspectSince } : current;
  }
  return { state: 'suspect', suspectSince: observation.checkedAt };
}

/** Persistent `unknown` makes an active or suspect listing stale; a concluded delisting stays. */
export function isStale(state: ListingState, lastConclusiveAt: Date | null, now: Date, staleAfterMs: number): boolean {
  if (state !== 'active' && state !== 'suspect') return false;
  return lastConclusiveAt === null || now.getTime() - lastConclusiveAt.getTime() > staleAfterMs;
}
