import { describe, expect, it } from 'vitest';
import { isStale, type ListingStatus, nextListingState, type StateInput } from './listing-state.ts';

const hours = (n: number) => n * 3_600_000;
const at = (h: number) => new Date(Date.UTC(2026, 0, 1) + hours(h));
const rules = { confirmAfterMs: hours(6), quarantined: false };
const active: ListingStatus = { state: 'active', suspectSince: null, seenEvidenceSince: null };
const seen = (h: number): StateInput => ({ verdict: 'delisted', checkedAt: at(h), provenance: 'seen' });
const assumed = (h: number): StateInput => ({ verdict: 'delisted', checkedAt: at(h), provenance: 'assumed' });

describe('listing state machine', () => {
  it('needs two delisted observations by a seen rule at least confirmAfter apart', () => {
    const suspect = nextListingState(active, seen(0), rules);
    expect(suspect).toEqual({ state: 'suspect', suspectSince: at(0), seenEvidenceSince: at(0) });
    expect(nextListingState(suspect, seen(5), rules).state).toBe('suspect');
    expect(nextListingState(suspect, seen(6), rules).state).toBe('delisted');
  });

  it("the marketplace's own record (a seller source) confirms on one reading, but never in a quarantined run nor on unknown", () => {
    const record: StateInput = { verdict: 'delisted', checkedAt: at(3), provenance: 'authoritative' };
    expect(nextListingState(active, record, rules)).toEqual({
      state: 'delisted',
      suspectSince: at(3),
      seenEvidenceSince: at(3),
    });
    expect(nextListingState(active, record, { ...rules, quarantined: true })).toEqual(active);
    expect(nextListingState(active, { verdict: 'unknown', checkedAt: at(3) }, rules)).toEqual(active);
  });

  it('an assumed rule makes a listing suspect and never confirms it, however often and long it is seen', () => {
    let status = nextListingState(active, assumed(0), rules);
    expect(status).toEqual({ state: 'suspect', suspectSince: at(0), seenEvidenceSince: null });
    for (const h of [24, 48, 96, 500]) status = nextListingState(status, assumed(h), rules);
    expect(status).toEqual({ state: 'suspect', suspectSince: at(0), seenEvidenceSince: null });
  });

  it('a seen sighting after assumed ones starts the confirmation from itself, not from the first suspicion', () => {
    const suspicion = nextListingState(active, assumed(0), rules);
    const firstSeen = nextListingState(suspicion, seen(24), rules);
    expect(firstSeen).toEqual({ state: 'suspect', suspectSince: at(0), seenEvidenceSince: at(24) });
    expect(nextListingState(firstSeen, seen(26), rules).state).toBe('suspect');
    expect(nextListingState(firstSeen, assumed(48), rules).state).toBe('suspect');
    expect(nextListingState(firstSeen, seen(30), rules)).toEqual({
      state: 'delisted',
      suspectSince: at(0),
      seenEvidenceSince: at(24),
    });
  });

  it('a delisted observation that names no provenance counts as assumed', () => {
    const suspect = nextListingState(active, { verdict: 'delisted', checkedAt: at(0) }, rules);
    expect(nextListingState(suspect, { verdict: 'delisted', checkedAt: at(24) }, rules).state).toBe('suspect');
  });

  it('never moves on unknown, even between two delisted observations', () => {
    const suspect = nextListingState(active, seen(0), rules);
    const still = nextListingState(suspect, { verdict: 'unknown', checkedAt: at(3) }, rules);
    expect(still).toBe(suspect);
    expect(nextListingState(still, seen(24), rules).state).toBe('delisted');
  });

  it('a suspect listing gone stale over failed checks is confirmed by its next seen sighting', () => {
    const stale: ListingStatus = { state: 'stale', suspectSince: at(0), seenEvidenceSince: at(0) };
    expect(nextListingState(stale, seen(96), rules)).toEqual({
      state: 'delisted',
      suspectSince: at(0),
      seenEvidenceSince: at(0),
    });
    const staleFromActive: ListingStatus = { state: 'stale', suspectSince: null, seenEvidenceSince: null };
    expect(nextListingState(staleFromActive, seen(96), rules).state).toBe('suspect');
  });

  it('an active observation in between clears the suspicion', () => {
    const suspect = nextListingState(active, seen(0), rules);
    const back = nextListingState(suspect, { verdict: 'active', checkedAt: at(12) }, rules);
    expect(back).toEqual(active);
    expect(nextListingState(back, seen(24), rules).state).toBe('suspect');
  });

  it('a quarantined marketplace moves nothing toward delisted, but active still counts', () => {
    const quarantined = { ...rules, quarantined: true };
    expect(nextListingState(active, seen(0), quarantined)).toBe(active);
    const suspect: ListingStatus = { state: 'suspect', suspectSince: at(0), seenEvidenceSince: at(0) };
    expect(nextListingState(suspect, seen(30), quarantined)).toBe(suspect);
    expect(nextListingState(suspect, { verdict: 'active', checkedAt: at(30) }, quarantined).state).toBe('active');
  });

  it('a delisted listing that is for sale again becomes active; retired listings never move', () => {
    const delisted: ListingStatus = { state: 'delisted', suspectSince: at(0), seenEvidenceSince: at(0) };
    expect(nextListingState(delisted, { verdict: 'active', checkedAt: at(48) }, rules).state).toBe('active');
    const retired: ListingStatus = { state: 'retired', suspectSince: null, seenEvidenceSince: null };
    expect(nextListingState(retired, { verdict: 'active', checkedAt: at(1) }, rules)).toBe(retired);
  });

  it('persistent unknown makes active and suspect listings stale, never delisted ones', () => {
    expect(isStale('active', at(0), at(73), hours(72))).toBe(true);
    expect(isStale('active', at(0), at(71), hours(72))).toBe(false);
    expect(isStale('suspect', null, at(1), hours(72))).toBe(true);
    expect(isStale('delisted', at(0), at(500), hours(72))).toBe(false);
  });
});
