import {
  ALERT_ACTION_WORDS,
  ALERT_QUEUE_STATES,
  ALERT_STATE_WORDS,
  ALERT_TYPE_WORDS,
  ALERT_TYPES,
  alertFinding,
  alertHistory,
  formatDate,
  formatDateTime,
  listAlerts,
  marketplaceName,
  type ReviewAction,
  ReviewError,
  reviewAlert,
  reviewQueue,
  say,
} from '@ocop-monitor/monitor';
import { formatDelivery } from '../notifier.ts';
import type { Runtime } from '../runtime.ts';
import { openConfiguredStore } from '../store-runtime.ts';
import { langOption } from './lang-option.ts';
import { UsageError } from './usage-error.ts';

/** `ocop-monitor alerts list [--type] [--state] [--lang vi|en] [--json]`: in words; JSON keeps the codes. */
export async function listAlertsCommand(
  runtime: Runtime,
  options: { type?: string; state?: string; lang?: string; json?: boolean },
): Promise<void> {
  if (options.type && !(ALERT_TYPES as readonly string[]).includes(options.type)) {
    throw new UsageError(`--type is one of ${ALERT_TYPES.join(', ')}`);
  }
  if (options.state && !(ALERT_QUEUE_STATES as readonly string[]).includes(options.state))
    throw new UsageError(`--state is one of ${ALERT_QUEUE_STATES.join(', ')}`);
  const lang = langOption(options.lang);
  const store = await openConfiguredStore(runtime.config);
  try {
    if (options.json) {
      const alerts = await listAlerts(store.db, { type: options.type, state: options.state });
      process.stdout.write(`${JSON.stringify(alerts, null, 2)}\n`);
      return;
    }
    const where = (id: string | null) => marketplaceName(id, runtime.adapters);
    let shown = 0;
    for (let page = 1; ; page += 1) {
      const queue = await reviewQueue(store.db, { type: options.type, state: options.state, page, pageSize: 500 });
      for (const alert of queue.alerts) {
        const about = [
          alert.productName,
          alert.producerName,
          alert.communeName ?? alert.communeCode,
          where(alert.marketplace),
        ]
          .filter(Boolean)
          .join(' · ');
        process.stdout.write(
          `#${alert.id} ${say(ALERT_TYPE_WORDS, alert.type, lang)} [${say(ALERT_STATE_WORDS, alert.state, lang)}] ${about}\n` +
            `    ${alertFinding(alert, where(alert.marketplace), lang)} (${lang === 'vi' ? 'từ' : 'since'} ${formatDate(alert.openedAt)})\n`,
        );
      }
      shown += queue.alerts.length;
      if (shown >= queue.total || queue.alerts.length === 0) break;
    }
    if (shown === 0) process.stdout.write('Không có cảnh báo / no alerts\n');
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
    process.stdout.write(
      `#${updated.id} ${say(ALERT_TYPE_WORDS, updated.type, 'vi')} → ${say(ALERT_STATE_WORDS, updated.state, 'vi')} / ${updated.type} → ${updated.state}\n`,
    );
    for (const event of await alertHistory(store.db, alertId)) {
      process.stdout.write(
        `  ${formatDateTime(event.at)} ${event.actor}: ${say(ALERT_ACTION_WORDS, event.action, 'vi')} (${event.fromState ? say(ALERT_STATE_WORDS, event.fromState, 'vi') : '—'} → ${say(ALERT_STATE_WORDS, event.toState, 'vi')})${event.note ? ` — ${event.note}` : ''}\n`,
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
