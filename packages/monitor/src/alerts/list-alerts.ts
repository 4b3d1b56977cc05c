import { and, desc, eq, isNull, type SQL } from 'drizzle-orm';
import type { Database } from '../store/open-store.ts';
import { alerts } from '../store/schema.ts';

export interface AlertFilter {
  type?: string | undefined;
  /** "live" means not resolved; otherwise one state. */
  state?: string | undefined;
  id?: number | undefined;
  productId?: number | undefined;
  /** At most this many (newest first): a province's queue can hold thousands. */
  limit?: number | undefined;
}

/** Alerts for review, newest first. */
export function listAlerts(db: Database, filter: AlertFilter = {}) {
  const conditions: SQL[] = [];
  if (filter.type) conditions.push(eq(alerts.type, filter.type));
  if (filter.state === 'live') conditions.push(isNull(alerts.resolvedAt));
  else if (filter.state) conditions.push(eq(alerts.state, filter.state));
  if (filter.id !== undefined) conditions.push(eq(alerts.id, filter.id));
  if (filter.productId !== undefined) conditions.push(eq(alerts.productId, filter.productId));
  const query = db
    .select()
    .from(alerts)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(alerts.updatedAt), desc(alerts.id));
  return filter.limit ? query.limit(filter.limit) : query;
}
