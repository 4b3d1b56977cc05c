import { and, desc, eq, isNull, type SQL } from 'drizzle-orm';
import type { Database } from '../store/open-store.ts';
import { alerts } from '../store/schema.ts';

/** Alerts for review, newest first; `state` "live" means not resolved. */
export function listAlerts(db: Database, filter: { type?: string | undefined; state?: string | undefined } = {}) {
  const conditions: SQL[] = [];
  if (filter.type) conditions.push(eq(alerts.type, filter.type));
  if (filter.state === 'live') conditions.push(isNull(alerts.resolvedAt));
  else if (filter.state) conditions.push(eq(alerts.state, filter.state));
  return db
    .select()
    .from(alerts)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(alerts.updatedAt), desc(alerts.id));
}
