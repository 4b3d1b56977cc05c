import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Database } from './open-store.ts';
import { ownerRequests } from './schema.ts';

/**
 * Work another command asks of the process that owns the embedded store (DESIGN §10): the run of a
 * date — the owner's workers do it, one run per date. The request is a row; the owner looks every
 * few seconds. (Backups were requests too, written by the owner; now the owner streams them to the
 * asking command: backup-stream.ts. An old `backup` row is answered as a kind not taken.)
 */
export type OwnerRequestKind = 'run';
export type OwnerRequest = typeof ownerRequests.$inferSelect;

/** The owners that take requests, by command name: `start`, which runs the checks. */
export function ownerTakes(name: string, _kind: OwnerRequestKind): boolean {
  return name === 'start';
}

/** How often an owner looks for requests. */
export const OWNER_LOOKS_EVERY_MS = 2_000;

export async function requestOfOwner(
  db: Database,
  kind: OwnerRequestKind,
  argument: string,
  requestedBy: string,
): Promise<number> {
  const [row] = await db
    .insert(ownerRequests)
    .values({ kind, argument, requestedBy })
    .returning({ id: ownerRequests.id });
  if (!row) throw new Error('the request to the store owner was not stored');
  return row.id;
}

/**
 * The owner takes the requests nobody has taken, oldest first, and does each with its handler;
 * the handler's answer (or `failed: <why>`) is the outcome the asker reads. A kind this owner has
 * no handler for is answered as such.
 */
export async function takeOwnerRequests(
  db: Database,
  handlers: Partial<Record<OwnerRequestKind, (argument: string) => Promise<string>>>,
): Promise<OwnerRequest[]> {
  const pending = await db
    .select()
    .from(ownerRequests)
    .where(isNull(ownerRequests.takenAt))
    .orderBy(asc(ownerRequests.id));
  const done: OwnerRequest[] = [];
  for (const request of pending) {
    const [taken] = await db
      .update(ownerRequests)
      .set({ takenAt: new Date() })
      .where(and(eq(ownerRequests.id, request.id), isNull(ownerRequests.takenAt)))
      .returning();
    if (!taken) continue;
    const handle = handlers[request.kind as OwnerRequestKind];
    const outcome = handle
      ? await handle(request.argument).catch((error: Error) => `failed: ${error.message}`)
      : `failed: this process does not take ${request.kind} requests`;
    const [row] = await db
      .update(ownerRequests)
      .set({ doneAt: new Date(), outcome })
      .where(eq(ownerRequests.id, request.id))
      .returning();
    if (row) done.push(row);
  }
  return done;
}

/**
 * Waits for the owner to take request `id` (within `takenWithinMs`) and finish it (within
 * `doneWithinMs`); returns the outcome. Throws a sentence naming the owner when it does not.
 */
export async function awaitOwner(
  db: Database,
  id: number,
  owner: string,
  limits: { takenWithinMs: number; doneWithinMs: number },
): Promise<string> {
  const started = Date.now();
  for (;;) {
    const [row] = await db.select().from(ownerRequests).where(eq(ownerRequests.id, id));
    if (row?.outcome) return row.outcome;
    const waited = Date.now() - started;
    if (!row?.takenAt && waited > limits.takenWithinMs)
      throw new Error(
        `${owner} did not take the request within ${Math.round(limits.takenWithinMs / 1000)} s: see its log`,
      );
    if (waited > limits.takenWithinMs + limits.doneWithinMs)
      throw new Error(`${owner} has not finished the request after ${Math.round(waited / 1000)} s: see its log`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}
