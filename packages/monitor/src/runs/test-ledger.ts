import type { Observation } from '@ocop-monitor/adapters';
import { sql } from 'drizzle-orm';
import { listAlerts } from '../alerts/list-alerts.ts';
import { type MonitorConfig, monitorConfigSchema } from '../config.ts';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';
import { listings, producers, products } from '../store/schema.ts';
import { recordControl } from './check-controls.ts';
import { finalizeRun, type RunSummary } from './finalize-run.ts';
import { openRun } from './open-run.ts';
import { ObservationRecorder } from './record-observation.ts';

/**
 * A test's ledger of daily runs on a real store: listings of one product on `voso`, and for each
 * day the verdict every check gave, recorded and finalised by the same functions as a daily run.
 * What a marketplace answered is given directly, so a rule's behaviour across days is what is
 * under test (the adapters have their own suites).
 */
export type Reading =
  | {
      verdict: 'active';
      sold?: number;
      stock?: 'in_stock' | 'out_of_stock' | 'unknown';
      /** The marketplace moved the listing for good (a renamed slug-only address). */
      movedTo?: { url: string; itemId: string };
    }
  | { verdict: 'delisted'; provenance: 'seen' | 'assumed'; rule?: string }
  /** The seller's own record (a seller source): `seller_hidden` when the producer hid it themself. */
  | { verdict: 'delisted'; provenance: 'authoritative'; rule: string; reason: 'seller_hidden' | 'marketplace_state' }
  | { verdict: 'unknown'; reason?: 'blocked' | 'rate_limited' | 'timeout' };

const dayOf = (day: number) => new Date(Date.UTC(2026, 2, 1 + day)).toISOString().slice(0, 10);
export const runAtOfDay = (day: number) => new Date(`${dayOf(day)}T06:00:00+07:00`);

function observationOf(url: string, itemId: string, at: Date, reading: Reading): Observation {
  const base = { marketplace: 'voso', itemId, url, checkedAt: at.toISOString() };
  const evidence = (rule: string, status: number | null) => ({
    httpStatus: status,
    finalUrl: url,
    redirects: [],
    matchedRule: rule,
    bodySha256: null,
    bytes: 0,
    durationMs: 1,
    retryAfterSeconds: null,
    detail: null,
  });
  if (reading.verdict === 'active') {
    return {
      ...base,
      verdict: 'active',
      reason: 'listed',
      data: {
        title: 'Trà sen Tây Hồ',
        price: 120_000,
        listPrice: null,
        sold: { value: reading.sold ?? 5, approximate: false, raw: `sold=${reading.sold ?? 5}` },
        stock: reading.stock ?? 'in_stock',
        isOcop: true,
        ocopStars: 4,
        shop: null,
      },
      evidence: { ...evidence('voso.record', 200), ...(reading.movedTo ? { movedTo: reading.movedTo } : {}) },
    };
  }
  if (reading.verdict === 'delisted') {
    const rule = reading.rule ?? (reading.provenance === 'seen' ? 'voso.not-found' : 'voso.record.activated=0');
    const notFound = rule.endsWith('.not-found');
    return {
      ...base,
      verdict: 'delisted',
      reason: 'reason' in reading ? reading.reason : notFound ? 'not_found' : 'marketplace_state',
      data: null,
      evidence: { ...evidence(rule, notFound ? 404 : 200), provenance: reading.provenance },
    };
  }
  const reason = reading.reason ?? 'blocked';
  return { ...base, verdict: 'unknown', reason, data: null, evidence: evidence(`test.${reason}`, 403) };
}

export class Ledger {
  readonly db: Database;
  readonly config: MonitorConfig;
  readonly ids: number[] = [];

  constructor(db: Database, config: Partial<Parameters<typeof monitorConfigSchema.parse>[0]> = {}) {
    this.db = db;
    this.config = monitorConfigSchema.parse(config);
  }

  /** `count` listings of one product, linked before day 0. */
  async link(count: number): Promise<number[]> {
    const [producer] = await this.db
      .insert(producers)
      .values({ key: `htx-${Math.random()}`, name: 'HTX Trà sen', type: 'cooperative' })
      .returning({ id: producers.id });
    const [product] = await this.db
      .insert(products)
      .values({
        name: 'Trà sen Tây Hồ',
        searchKey: 'tra sen tay ho',
        productGroup: 'Thực phẩm',
        classificationVersion: 'QĐ 148/2023',
        stars: 4,
        producerId: producer?.id ?? 0,
        certifiedDate: '2025-01-01',
        expiryDate: '2028-01-01',
        provinceCode: '01',
        codeTableVersion: '2025',
        source: 'test',
      })
      .returning({ id: products.id });
    const linkedAt = runAtOfDay(-60);
    for (let i = 0; i < count; i += 1) {
      const itemId = String(100_000 + this.ids.length);
      const [row] = await this.db
        .insert(listings)
        .values({
          productId: product?.id ?? 0,
          marketplace: 'voso',
          itemId,
          url: `https://voso.vn/tra-sen-p${itemId}.html`,
          linkedHow: 'imported',
          linkedAt,
          stateSince: linkedAt,
        })
        .returning({ id: listings.id });
      if (row) this.ids.push(row.id);
    }
    return this.ids.slice(-count);
  }

  /**
   * Day `day`'s run: the reading of each listing given (the others are not checked), and the run's
   * negative control — an address no product has — read as given (recognised unless told), then finalised.
   */
  async day(
    day: number,
    readings: Record<number, Reading>,
    negativeControl: Reading | 'not asked' = { verdict: 'delisted', provenance: 'seen' },
  ): Promise<RunSummary | null> {
    const runAt = runAtOfDay(day);
    const run = await openRun(this.db, dayOf(day), runAt, 'in-process');
    if (negativeControl !== 'not asked') {
      const url = `https://voso.vn/ocop-monitor-khong-ton-tai-p9${day}.html`;
      await recordControl(
        this.db,
        run.id,
        { marketplace: 'voso', url, kind: 'negative' },
        observationOf(url, `9${day}`, runAt, negativeControl),
      );
    }
    const recorder = new ObservationRecorder(this.db, run.id);
    for (const [id, reading] of Object.entries(readings)) {
      const [row] = await queryRows<{ url: string; item_id: string }>(
        this.db,
        sql`select url, item_id from listings where id = ${Number(id)}`,
      );
      if (row) await recorder.add(Number(id), observationOf(row.url, row.item_id, runAt, reading));
    }
    await recorder.flush();
    return finalizeRun(this.db, run, this.config, ['voso']);
  }

  async state(id: number): Promise<string | undefined> {
    const [row] = await queryRows<{ state: string }>(this.db, sql`select state from listings where id = ${id}`);
    return row?.state;
  }

  /** Every alert of `type` about listing `id`, oldest first. */
  async alertsOf(type: string, id: number) {
    const all = await listAlerts(this.db, { type });
    return all.filter((alert) => alert.subject === `listing:${id}`).sort((a, b) => a.id - b.id);
  }
}
