import { eq } from 'drizzle-orm';
import type { Database } from '../store/open-store.ts';
import { runs } from '../store/schema.ts';

export type Run = typeof runs.$inferSelect;

/** The run of `runDate`, created once: a second trigger for the same date gets the same run. */
export async function openRun(db: Database, runDate: string, runAt: Date, engine: string): Promise<Run> {
  await db.insert(runs).values({ runDate, runAt, engine }).onConflictDoNothing({ target: runs.runDate });
  const [run] = await db.select().from(runs).where(eq(runs.runDate, runDate));
  if (!run) throw new Error(`run ${runDate} could not be opened`);
  return run;
}

/** The run of `runDate` if there is one (without creating it). */
export async function findRun(db: Database, runDate: string): Promise<Run | undefined> {
  const [run] = await db.select().from(runs).where(eq(runs.runDate, runDate));
  return run;
}
