import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { readJob } from './jobs.ts';

describe('jobs read from Redis', () => {
  it('takes ids and drops a clock or an address a job carries, naming the fields of an earlier version', () => {
    const ignored: string[][] = [];
    const run = readJob(
      'daily-run',
      { id: 'r', data: { runDate: '2026-03-01', runAtMs: 1, clockMs: 4_102_444_800_000 } },
      (f) => ignored.push(f),
    );
    expect(run).toEqual({ runDate: '2026-03-01' });
    const check = readJob('check', { id: 'c', data: { runId: 3, listingId: 7, url: 'http://127.0.0.1/steal' } }, (f) =>
      ignored.push(f),
    );
    expect(check).toEqual({ runId: 3, listingId: 7 });
    expect(readJob('deliver', { id: 'd', data: { clockMs: 4_102_444_800_000 } }, (f) => ignored.push(f))).toEqual({});
    expect(ignored).toEqual([['clockMs', 'runAtMs'], ['url'], ['clockMs']]);
  });

  it('refuses a job of another shape in words, as unrecoverable (dropped, not retried)', () => {
    const old = () => readJob('check-shop', { id: 's', data: { runId: 3, shop: { url: 'x' }, listings: [] } });
    expect(old).toThrow(UnrecoverableError);
    expect(old).toThrow("job s (check-shop) is not of this version's shape and is dropped: listingIds:");
    expect(() => readJob('daily-run', { id: 'r', data: { runDate: '01/03/2026' } })).toThrow(
      /runDate: Invalid ISO date/u,
    );
    expect(() => readJob('check', { id: 'c', data: null })).toThrow(/runId/u);
  });
});
