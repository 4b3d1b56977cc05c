import { formatDate, runDaily } from '@ocop-monitor/monitor';
import { formatDelivery } from '../notifier.ts';
import type { Runtime } from '../runtime.ts';
import { readConsentingShops } from '../seller-sources.ts';
import { openConfiguredStore, parseIsoDate, todayInVietnam } from '../store-runtime.ts';
import { askOwnerToRun, runsTheEngine } from './ask-owner.ts';
import { langOption } from './lang-option.ts';
import { progressBar } from './progress-bar.ts';
import { formatRunSummary, writeStoredRunSummary } from './run-summary.ts';
import { UsageError } from './usage-error.ts';

/**
 * `ocop-monitor check [--date]`: one complete daily run in this process, with a progress bar. While
 * the service (`start`) owns the embedded store, the run is the service's: it is asked of it, so that
 * two processes never check the same date side by side, and its summary printed here.
 */
export async function checkCommand(
  runtime: Runtime,
  options: { date?: string; json?: boolean; lang?: string },
): Promise<void> {
  const lang = langOption(options.lang);
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
      await writeStoredRunSummary(runtime, store.db, runDate, { lang, json: options.json === true });
    } finally {
      await store.close();
    }
    return;
  }
  const bar = progressBar('Kiểm tra / checking', true);
  try {
    let started = false;
    // Consenting shops' listings without a shop id are bound to them first (read from the seller's record), their new items proposed.
    await readConsentingShops(runtime, store.db, new Date());
    const { summary, alreadyFinalized } = await runDaily({
      db: store.db,
      adapters: runtime.checkingAdapters(store.db),
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
    if (alreadyFinalized)
      process.stderr.write(
        `Lượt ngày ${formatDate(runDate)} đã xong từ trước; tóm tắt / the run of ${formatDate(runDate)} was already finished:\n`,
      );
    if (!summary) return;
    process.stdout.write(
      `${options.json ? JSON.stringify(summary, null, 2) : formatRunSummary(summary, lang, runtime)}\n`,
    );
    const delivered = await runtime.notifier.deliver(store.db);
    if (delivered && !options.json) process.stdout.write(`  ${formatDelivery(delivered, lang)}\n`);
  } finally {
    await store.close();
  }
}
