import { describe, expect, it } from 'vitest';
import { isStale, type ListingStatus, nextListingState } from './listing-state.ts';

const hours = (n: number) => n * 3_600_000;
const at = (h: number) => new Date(Date.UTC(2026, 0, 1) + hours(h));
const rules = { confirmAfterMs: hours(6), quarantined: false };
const active: ListingStatus = { state: 'active', suspectSince: null };

describe('listing state machine', () => {
  it('needs two delisted observations at least confirmAfter apart', () => {
    const suspect = nextListingState(active, { verdict: 'delisted', checkedAt: at(0) }, rules);
    expect(suspect).toEqual({ state: 'suspect', suspectSince: at(0) });
    expect(nextListingState(suspect, { verdict: 'delisted', checkedAt: at(5) }, rules).state).toBe('suspect');
    expect(nextListingState(suspect, { verdict: 'delisted', checkedAt: at(6) }, rules).state).toBe('delisted');
  });

  it('never moves on unknown, even between two delisted observations', () => {
    const suspect = nextListingState(active, { verdict: 'delisted', checkedAt: at(0) }, rules);
    const still = nextListingState(suspect, { verdict: 'unknown', checkedAt: at(3) }, rules);
    expect(still).toBe(suspect);
    expect(nextListingState(still, { verdict: 'delisted', checkedAt: at(24) }, rules).state).toBe('delisted');
  });

  it('a suspect listing gone stale over failed checks is confirmed by its next delisted sighting', () => {
    const stale: ListingStatus = { state: 'stale', suspectSince: at(0) };
    expect(nextListingState(stale, { verdict: 'delisted', checkedAt: at(96) }, rules)).toEqual({
      state: 'delisted',
      suspectSince: at(0),
    });
    const staleFromActive: ListingStatus = { state: 'stale', suspectSince: null };
    expect(nextListingState(staleFromActive, { verdict: 'delisted', checkedAt: at(96) }, rules).state).toBe('suspect');
  });

  it('an active observation in between clears the suspicion', () => {
    const suspect = nextListingState(active, { verdict: 'delisted', checkedAt: at(0) }, rules);
    const back = nextListingState(suspect, { verdict: 'active', checkedAt: at(12) }, rules);
    expect(back).toEqual(active);
    expect(nextListingState(back, { verdict: 'delisted', checkedAt: at(24) }, rules).state).toBe('suspect');
  });

  it('a quarantined marketplace moves nothing toward delisted, but active still counts', () => {
    const quarantined = { ...rules, quarantined: true };
    expect(nextListingState(active, { verdict: 'delisted', checkedAt: at(0) }, quarantined)).toBe(active);
    const suspect: ListingStatus = { state: 'suspect', suspectSince: at(0) };
    expect(nextListingState(suspect, { verdict: 'delisted', checkedAt: at(30) }, quarantined)).toBe(suspect);
    expect(nextListingState(suspect, { verdict: 'active', checkedAt: at(30) }, quarantined).state).toBe('active');
  });

  it('a delisted listing that is for sale again becomes active; retired listings never move', () => {
    expect(
      nextListingState({ state: 'delisted', suspectSince: at(0) }, { verdict: 'active', checkedAt: at(48) }, rules)
        .state,
    ).toBe('active');
    const retired: ListingStatus = { state: 'retired', suspectSince: null };
    expect(nextListingState(retired, { verdict: 'active', checkedAt: at(1) }, rules)).toBe(retired);
  });

  it('persistent unknown makes active and suspect listings stale, never delisted ones', () => {
    expect(isStale('active', at(0), at(73), hours(72))).toBe(true);
    expect(isStale('active', at(0), at(71), hours(72))).toBe(false);
    expect(isStale('suspect', null, at(1), hours(72))).toBe(true);
    expect(isStale('delisted', at(0), at(500), hours(72))).toBe(false);
  });
});
