import {
  ALERT_TYPES,
  alertHistory,
  listAlerts,
  type ReviewAction,
  ReviewError,
  reviewAlert,
} from '@ocop-monitor/monitor';
import { formatDelivery } from '../notifier.ts';
import type { Runtime } from '../runtime.ts';
import { openConfiguredStore } from '../store-runtime.ts';
import { UsageError } from './usage-error.ts';

const STATES = ['open', 'confirmed', 'dismissed', 'snoozed', 'resolved', 'live'];

/** `ocop-monitor alerts list [--type] [--state] [--json]`. */
export async function listAlertsCommand(
  runtime: Runtime,
  options: { type?: string; state?: string; json?: boolean },
): Promise<void> {
  if (options.type && !(ALERT_TYPES as readonly string[]).includes(options.type)) {
    throw new UsageError(`--type is one of ${ALERT_TYPES.join(', ')}`);
  }
  if (options.state && !STATES.includes(options.state)) throw new UsageError(`--state is one of ${STATES.join(', ')}`);
  const store = await openConfiguredStore(runtime.config);
  try {
    const alerts = await listAlerts(store.db, { type: options.type, state: options.state });
    if (options.json) {
      process.stdout.write(`${JSON.stringify(alerts, null, 2)}\n`);
      return;
    }
    if (alerts.length === 0) process.stdout.write('Không có cảnh báo / no alerts\n');
    for (const alert of alerts) {
      const evidence = alert.evidence as { url?: string; name?: string };
      process.stdout.write(
        `#${alert.id} ${alert.type} [${alert.severity}] ${alert.state} · ${alert.subject} · ${evidence.url ?? evidence.name ?? ''} · opened ${alert.openedAt.toISOString().slice(0, 10)}\n`,
      );
    }
  } finally {
    await store.close();
  }
}

/** `ocop-monitor alerts confirm|dismiss|snooze <id> --by <name> [--note] [--until]`. */
export async function reviewAlertCommand(
  runtime: Runtime,
  action: ReviewAction,
  id: string,
  options: { by: string; note?: string; until?: string },
): Promise<void> {
  const alertId = Number(id);
  if (!Number.isInteger(alertId) || alertId <= 0) throw new UsageError(`"${id}" is not an alert number`);
  const until = options.until ? new Date(options.until) : undefined;
  if (until && Number.isNaN(until.getTime()))
    throw new UsageError(`--until "${options.until}" is not a date (e.g. 2026-12-31)`);
  const store = await openConfiguredStore(runtime.config);
  try {
    const updated = await reviewAlert(store.db, {
      id: alertId,
      action,
      by: options.by,
      note: options.note,
      until,
      confirmAfterHours: runtime.config.monitor.confirmAfterHours,
      afterAlerts: runtime.notifier.afterAlerts,
    });
    process.stdout.write(`#${updated.id} ${updated.type} → ${updated.state}\n`);
    for (const event of await alertHistory(store.db, alertId)) {
      process.stdout.write(
        `  ${event.at.toISOString()} ${event.actor}: ${event.action} (${event.fromState ?? '—'} → ${event.toState})${event.note ? ` — ${event.note}` : ''}\n`,
      );
    }
    // A confirmation may release the producer's message: it goes out now.
    const delivered = await runtime.notifier.deliver(store.db);
    if (delivered) process.stdout.write(`${formatDelivery(delivered)}\n`);
  } catch (error) {
    if (error instanceof ReviewError) throw new UsageError(error.message);
    throw error;
  } finally {
    await store.close();
  }
}
