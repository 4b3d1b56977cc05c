import { describe, expect, it } from 'vitest';
import { notifyConfigSchema } from './config.ts';
import { type GateContext, type GatedAlert, producerGate } from './gate.ts';
import { afterQuietHours } from './quiet-hours.ts';

const { gates } = notifyConfigSchema.parse({});
const opened = new Date('2026-03-01T00:00:00Z');
const hoursLater = (h: number) => new Date(opened.getTime() + h * 3_600_000);
const calm: GateContext = {
  listingState: 'active',
  liveTypesOnListing: new Set(),
  mutedMarketplaces: new Set(),
  current: true,
};
const alert = (type: string, state = 'open'): GatedAlert => ({
  id: 1,
  type,
  state,
  openedAt: opened,
  marketplace: 'voso',
});

describe('the reviewer gate', () => {
  it('listing_delisted reaches the producer only once a reviewer confirmed it', () => {
    expect(producerGate(alert('listing_delisted'), calm, gates, hoursLater(500)).release).toBe(false);
    expect(producerGate(alert('listing_delisted', 'confirmed'), calm, gates, hoursLater(0)).release).toBe(true);
  });

  it('zero_sales and out_of_stock go out by themselves after 48 h unless dismissed or snoozed', () => {
    for (const type of ['zero_sales', 'out_of_stock']) {
      expect(producerGate(alert(type), calm, gates, hoursLater(47)).release).toBe(false);
      expect(producerGate(alert(type), calm, gates, hoursLater(48)).release).toBe(true);
      expect(producerGate(alert(type, 'confirmed'), calm, gates, hoursLater(1)).release).toBe(true);
      expect(producerGate(alert(type, 'dismissed'), calm, gates, hoursLater(500)).release).toBe(false);
      expect(producerGate(alert(type, 'snoozed'), calm, gates, hoursLater(500)).release).toBe(false);
    }
  });

  it('an alert the latest run could only keep (its check failed) waits: the listing may have sold since', () => {
    const kept: GateContext = { ...calm, current: false };
    expect(producerGate(alert('zero_sales'), kept, gates, hoursLater(100))).toEqual({
      release: false,
      why: 'not re-confirmed by the latest run',
    });
  });

  it('operator alerts never reach producers', () => {
    for (const type of ['marketplace_degraded', 'marketplace_mass_delisting', 'run_overdue', 'product_uncovered']) {
      expect(producerGate(alert(type, 'confirmed'), calm, gates, hoursLater(500)).release).toBe(false);
    }
  });

  it('a delisted listing mutes its own zero-sales and out-of-stock; a degraded marketplace mutes everything from it', () => {
    const delisted: GateContext = { ...calm, liveTypesOnListing: new Set(['listing_delisted']) };
    expect(producerGate(alert('zero_sales', 'confirmed'), delisted, gates, hoursLater(1))).toEqual({
      release: false,
      why: 'muted: the listing itself is delisted',
    });
    expect(
      producerGate(alert('out_of_stock', 'confirmed'), { ...calm, listingState: 'delisted' }, gates, hoursLater(1))
        .release,
    ).toBe(false);
    const degraded: GateContext = { ...calm, mutedMarketplaces: new Set(['voso']) };
    expect(producerGate(alert('listing_delisted', 'confirmed'), degraded, gates, hoursLater(1)).release).toBe(false);
    expect(
      producerGate({ ...alert('listing_delisted', 'confirmed'), marketplace: 'tiki' }, degraded, gates, hoursLater(1))
        .release,
    ).toBe(true);
  });
});

describe('quiet hours (22:00–06:00 Asia/Ho_Chi_Minh)', () => {
  const quiet = { start: 22, end: 6 };
  it('defers to 06:00 local, never drops; outside them sends now', () => {
    expect(afterQuietHours(new Date('2026-03-01T15:30:00Z'), quiet)).toEqual(new Date('2026-03-01T23:00:00Z')); // 22:30 → 06:00
    expect(afterQuietHours(new Date('2026-03-01T20:00:00Z'), quiet)).toEqual(new Date('2026-03-01T23:00:00Z')); // 03:00 → 06:00
    const noon = new Date('2026-03-01T05:00:00Z'); // 12:00 local
    expect(afterQuietHours(noon, quiet)).toBe(noon);
    expect(afterQuietHours(new Date('2026-03-01T23:00:00Z'), quiet)).toEqual(new Date('2026-03-01T23:00:00Z')); // 06:00 sharp
    expect(afterQuietHours(new Date('2026-03-01T15:30:00Z'), { start: 0, end: 0 })).toEqual(
      new Date('2026-03-01T15:30:00Z'),
    );
  });
});
