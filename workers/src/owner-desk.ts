import { errorText, OWNER_LOOKS_EVERY_MS, type Store, takeOwnerRequests } from '@ocop-monitor/monitor';
import type { Runtime } from './runtime.ts';

/**
 * The owner of the embedded store (`start`, `serve`) takes what other commands ask of it (DESIGN
 * §10): `run` queues the date's run for its workers (`start` only). Backups do not come here: the
 * owner streams them on its backup socket (backup-stream.ts). Nothing to do for a PostgreSQL
 * store: every process reaches it directly.
 */
export function openOwnerDesk(
  runtime: Runtime,
  store: Store,
  queueRun?: (runDate: string) => Promise<void>,
): { close(): Promise<void> } {
  if (store.kind !== 'pglite') return { close: async () => {} };
  const handlers = queueRun
    ? {
        run: async (runDate: string) => {
          await queueRun(runDate);
          return 'queued';
        },
      }
    : {};
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
