import { findRun, LARGE_SHOP, type RunRequests, type RunSummary, runDaily } from '@ocop-monitor/monitor';
import { SingleBar } from 'cli-progress';
import { formatDelivery } from '../notifier.ts';
import type { Runtime } from '../runtime.ts';
import { openConfiguredStore, parseIsoDate, todayInVietnam } from '../store-runtime.ts';
import { askOwnerToRun, runsTheEngine } from './ask-owner.ts';
import { UsageError } from './usage-error.ts';

function formatRequests(http: RunRequests): string {
  const large = http.largeShops;
  return `  Yêu cầu tới các sàn / requests: ${http.requests} for ${http.listings} listings (${http.requestsPerListing} per listing); ${http.fromCards} read from the cards of ${http.shops} shops; shops of ${LARGE_SHOP}+ listings: ${large.requestsPerListing} per listing`;
}

function formatSummary(summary: RunSummary): string {
  const entries = (record: Record<string, number>) =>
    Object.entries(record)
      .map(([key, n]) => `${key} ${n}`)
      .join(', ') || '—';
  const quarantined = summary.health.filter((h) => h.quarantined);
  return [
    `Lượt kiểm tra ngày / Run of ${summary.runDate}: ${summary.checked} checks`,
    `  Kết luận / verdicts: ${entries(summary.verdicts)}`,
    `  Lý do / reasons: ${entries(summary.reasons)}`,
    `  Chuyển trạng thái / state changes: ${entries(summary.transitions)}`,
    `  Cách ly / quarantined: ${quarantined.map((h) => `${h.marketplace} (${h.why})`).join('; ') || '—'}`,
    `  Cảnh báo mở / alerts opened: ${entries(summary.alerts.opened)}; đã xử lý / resolved: ${entries(summary.alerts.resolved)}`,
    `  Bán = 0 không xác định được / zero sales undecidable (approximate or hidden counts): ${summary.zeroSalesUndecidable}`,
    `  Độ phủ / coverage: ${summary.coverage.covered}/${summary.coverage.denominator} = ${summary.coverage.percent}% (mục tiêu / target 100%)`,
    `  Danh mục quốc gia từ lượt trước / registry changes since the last run: ${entries(summary.registryChanges ?? {})}`,
    ...(summary.http ? [formatRequests(summary.http)] : []), // runs stored before batching have none
  ].join('\n');
}

/**
 * `ocop-monitor check [--date]`: one complete daily run in this process, with a progress bar. While
 * the service (`start`) owns the embedded store, the run is the service's: it is asked of it, so that
 * two processes never check the same date side by side, and its summary printed here.
 */
export async function checkCommand(runtime: Runtime, options: { date?: string; json?: boolean }): Promise<void> {
  let runDate: string;
  try {
    runDate = options.date ? parseIsoDate(options.date, '--date') : todayInVietnam();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const store = await openConfiguredStore(runtime.config);
  const service = runsTheEngine(store);
  if (service) {
    try {
      await askOwnerToRun(runtime, store, service, runDate);
      const summary = (await findRun(store.db, runDate))?.summary as RunSummary | null | undefined;
      if (summary)
        process.stdout.write(`${options.json ? JSON.stringify(summary, null, 2) : formatSummary(summary)}\n`);
    } finally {
      await store.close();
    }
    return;
  }
  const bar = new SingleBar({
    format: 'Kiểm tra / checking [{bar}] {value}/{total} {percentage}% ETA {eta}s',
    stream: process.stderr,
  });
  try {
    let started = false;
    const { summary, alreadyFinalized } = await runDaily({
      db: store.db,
      adapters: runtime.adapters,
      http: runtime.http,
      config: runtime.config.monitor,
      runDate,
      runAt: new Date(),
      logger: runtime.logger,
      afterAlerts: runtime.notifier.afterAlerts,
      onProgress: (done, total) => {
        if (!started) bar.start(total, 0);
        started = true;
        bar.update(done);
      },
    });
    if (started) bar.stop();
    if (alreadyFinalized) process.stderr.write(`The run of ${runDate} was already finished; its summary:\n`);
    if (!summary) return;
    process.stdout.write(`${options.json ? JSON.stringify(summary, null, 2) : formatSummary(summary)}\n`);
    const delivered = await runtime.notifier.deliver(store.db);
    if (delivered && !options.json) process.stdout.write(`  ${formatDelivery(delivered)}\n`);
  } finally {
    await store.close();
  }
}
