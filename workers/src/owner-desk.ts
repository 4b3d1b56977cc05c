import { renameSync, writeFileSync } from 'node:fs';
import { errorText, OWNER_LOOKS_EVERY_MS, type Store, takeOwnerRequests } from '@ocop-monitor/monitor';
import type { Runtime } from './runtime.ts';

/**
 * The owner of the embedded store (`start`, `serve`) takes what other commands ask of it (DESIGN
 * §10): `run` queues the date's run for its workers (`start` only), `backup` writes the store's dump
 * to the file named. Nothing to do for a PostgreSQL store: every process reaches it directly.
 */
export function openOwnerDesk(
  runtime: Runtime,
  store: Store,
  queueRun?: (runDate: string) => Promise<void>,
): { close(): Promise<void> } {
  const dump = store.dump;
  if (store.kind !== 'pglite' || !dump) return { close: async () => {} };
  const handlers = {
    ...(queueRun
      ? {
          run: async (runDate: string) => {
            await queueRun(runDate);
            return 'queued';
          },
        }
      : {}),
    backup: async (file: string) => {
      const bytes = await dump();
      // Whole or not at all (a restart mid-write leaves no half file under the name); readable by this user only.
      writeFileSync(`${file}.partial`, bytes, { mode: 0o600 });
      renameSync(`${file}.partial`, file);
      return `written ${bytes.length}`;
    },
  };
  let looking: Promise<void> = Promise.resolve();
  const look = async () => {
    try {
      const done = await takeOwnerRequests(store.db, handlers);
      for (const request of done)
        runtime.logger.info(
          { kind: request.kind, argument: request.argument, by: request.requestedBy, outcome: request.outcome },
          'did what another command asked',
        );
    } catch (error) {
      runtime.logger.warn({ err: errorText(error) }, 'could not read the requests of other commands');
    }
  };
  const timer = setInterval(() => {
    looking = looking.then(look);
  }, OWNER_LOOKS_EVERY_MS);
  return {
    async close() {
      clearInterval(timer);
      await looking; // a backup being written is finished, not cut
    },
  };
}
