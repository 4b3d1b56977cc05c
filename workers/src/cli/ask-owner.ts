import { awaitOwner, formatDate, ownerTakes, requestOfOwner, runProgress, type Store } from '@ocop-monitor/monitor';
import type { Runtime } from '../runtime.ts';
import { followRun } from './follow-run.ts';
import { UsageError } from './usage-error.ts';

type Owner = NonNullable<Store['owner']>;

/** The owner of the embedded store this command works through, when it runs the checks (`start`). */
export function runsTheEngine(store: Store): Owner | null {
  return store.kind === 'owner' && store.owner && ownerTakes(store.owner.name, 'run') ? store.owner : null;
}

/**
 * Asks the service that owns the embedded store to run `runDate` (it queues it for its workers,
 * one run per date as the scheduler does), then follows the run to its end.
 */
export async function askOwnerToRun(runtime: Runtime, store: Store, owner: Owner, runDate: string): Promise<void> {
  const who = `process ${owner.pid} (ocop-monitor ${owner.command})`;
  const id = await requestOfOwner(
    store.db,
    'run',
    runDate,
    `${process.argv.slice(2).join(' ')} (process ${process.pid})`,
  );
  const outcome = await awaitOwner(store.db, id, who, { takenWithinMs: 30_000, doneWithinMs: 30_000 }).catch(
    (error: Error) => {
      throw new UsageError(error.message);
    },
  );
  if (outcome !== 'queued')
    throw new UsageError(`${who} could not queue the run of ${formatDate(runDate)}: ${outcome}`);
  const marketplaces = runtime.adapters.map((adapter) => adapter.id);
  await followRun(runDate, () => runProgress(store.db, runDate, marketplaces), `see the log of ${who}`);
}
