import type { Observation } from '@ocop-monitor/adapters';
import { sql } from 'drizzle-orm';
import type { Database } from '../store/open-store.ts';
import { observations } from '../store/schema.ts';

type ObservationRow = typeof observations.$inferInsert;

function toRow(runId: number, listingId: number, observation: Observation): ObservationRow {
  const sold = observation.verdict === 'active' ? observation.data.sold : null;
  return {
    runId,
    listingId,
    marketplace: observation.marketplace,
    checkedAt: new Date(observation.checkedAt),
    verdict: observation.verdict,
    reason: observation.reason,
    soldValue: sold?.value ?? null,
    soldApproximate: sold ? sold.approximate : null,
    stock: observation.verdict === 'active' ? observation.data.stock : null,
    data: observation.data,
    evidence: observation.evidence,
  };
}

/**
 * Keeps one observation per listing per run: recording the same check again (a retried job, a
 * resumed run, "Kiểm tra lại ngay") replaces it instead of counting it twice — except that an
 * `unknown` reading (blocked, timed out) never replaces a conclusive one of the same run: it says
 * nothing about the listing, and the conclusive reading is the run's evidence.
 */
async function upsertRows(db: Database, rows: ObservationRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(observations)
    .values(rows)
    .onConflictDoUpdate({
      target: [observations.runId, observations.listingId],
      set: {
        checkedAt: sql`excluded.checked_at`,
        verdict: sql`excluded.verdict`,
        reason: sql`excluded.reason`,
        soldValue: sql`excluded.sold_value`,
        soldApproximate: sql`excluded.sold_approximate`,
        stock: sql`excluded.stock`,
        data: sql`excluded.data`,
        evidence: sql`excluded.evidence`,
      },
      setWhere: sql`excluded.verdict <> 'unknown' or ${sql.identifier('observations')}.verdict = 'unknown'`,
    });
}

/** Sets `key` to `row` unless that would put an unknown reading over a conclusive one. */
function keepConclusive<K>(rows: Map<K, ObservationRow>, key: K, row: ObservationRow): void {
  const kept = rows.get(key);
  if (row.verdict === 'unknown' && kept && kept.verdict !== 'unknown') return;
  rows.set(key, row);
}

/**
 * Records a run's observations in batches: one round trip per batch instead of one per check.
 * A crash loses at most the unflushed batch, and those listings, having no observation yet, are
 * simply checked again when the run resumes.
 */
export class ObservationRecorder {
  readonly #db: Database;
  readonly #runId: number;
  readonly #batchSize: number;
  #pending = new Map<number, ObservationRow>();
  #flushing: Promise<void> = Promise.resolve();

  constructor(db: Database, runId: number, batchSize = 200) {
    this.#db = db;
    this.#runId = runId;
    this.#batchSize = batchSize;
  }

  /** Queues one observation; resolves once it is stored when the batch filled up. */
  async add(listingId: number, observation: Observation): Promise<void> {
    keepConclusive(this.#pending, listingId, toRow(this.#runId, listingId, observation));
    if (this.#pending.size >= this.#batchSize) await this.flush();
  }

  /** Stores everything queued so far. */
  flush(): Promise<void> {
    const rows = [...this.#pending.values()];
    this.#pending = new Map();
    // Batches are written one after another; a failed one fails its own flush, not the next.
    this.#flushing = this.#flushing.catch(() => {}).then(() => upsertRows(this.#db, rows));
    return this.#flushing;
  }
}

/**
 * For queue workers: each `record` resolves only once its row is written, so a job completes
 * only with its observation stored; rows of concurrent jobs share one write (up to `maxRows`, or
 * after `lingerMs`), which saves a database round trip per check.
 */
export class DurableObservationWriter {
  readonly #db: Database;
  readonly #maxRows: number;
  readonly #lingerMs: number;
  #batch: Array<{ row: ObservationRow; done: (error?: unknown) => void }> = [];
  #timer: NodeJS.Timeout | undefined;

  constructor(db: Database, options: { maxRows?: number; lingerMs?: number } = {}) {
    this.#db = db;
    this.#maxRows = options.maxRows ?? 100;
    this.#lingerMs = options.lingerMs ?? 10;
  }

  record(runId: number, listingId: number, observation: Observation): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#batch.push({
        row: toRow(runId, listingId, observation),
        done: (error) => (error ? reject(error) : resolve()),
      });
      if (this.#batch.length >= this.#maxRows) this.#write();
      else this.#timer ??= setTimeout(() => this.#write(), this.#lingerMs);
    });
  }

  #write(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#batch;
    this.#batch = [];
    // The same listing twice in one batch would make one upsert touch a row twice: keep the last
    // conclusive one.
    const byListing = new Map<string, ObservationRow>();
    for (const { row } of batch) keepConclusive(byListing, `${row.runId}/${row.listingId}`, row);
    const rows = [...byListing.values()];
    upsertRows(this.#db, rows).then(
      () => {
        for (const entry of batch) entry.done();
      },
      (error: unknown) => {
        for (const entry of batch) entry.done(error);
      },
    );
  }
}
