import {
  findRun,
  LARGE_SHOP,
  type Lang,
  marketplaceName,
  type RunRequests,
  type RunSummary,
  runDaily,
  runSummaryInWords,
} from '@ocop-monitor/monitor';
import { SingleBar } from 'cli-progress';
import { formatDelivery } from '../notifier.ts';
import type { Runtime } from '../runtime.ts';
import { openConfiguredStore, parseIsoDate, todayInVietnam } from '../store-runtime.ts';
import { askOwnerToRun, runsTheEngine } from './ask-owner.ts';
import { UsageError } from './usage-error.ts';

function formatRequests(http: RunRequests, lang: Lang): string {
  const large = http.largeShops;
  return lang === 'vi'
    ? `  Yêu cầu tới các sàn: ${http.requests} cho ${http.listings} tin đăng (${http.requestsPerListing} mỗi tin); ${http.fromCards} tin đọc từ thẻ sản phẩm của ${http.shops} gian hàng; gian hàng từ ${LARGE_SHOP} tin trở lên: ${large.requestsPerListing} mỗi tin`
    : `  Requests to the marketplaces: ${http.requests} for ${http.listings} listings (${http.requestsPerListing} per listing); ${http.fromCards} read from the cards of ${http.shops} shops; shops of ${LARGE_SHOP}+ listings: ${large.requestsPerListing} per listing`;
}

/** The run in words (Vietnamese unless `--lang en`), with the requests it took; JSON keeps the codes. */
function formatSummary(summary: RunSummary, lang: Lang, runtime: Runtime): string {
  const where = (id: string) => runtime.adapters.find((a) => a.id === id)?.displayName ?? marketplaceName(id);
  return [
    ...runSummaryInWords(summary, lang, where),
    ...(summary.http ? [formatRequests(summary.http, lang)] : []), // runs stored before batching have none
  ].join('\n');
}

/**
 * `ocop-monitor check [--date]`: one complete daily run in this process, with a progress bar. While
 * the service (`start`) owns the embedded store, the run is the service's: it is asked of it, so that
 * two processes never check the same date side by side, and its summary printed here.
 */
export async function checkCommand(
  runtime: Runtime,
  options: { date?: string; json?: boolean; lang?: string },
): Promise<void> {
  if (options.lang && options.lang !== 'vi' && options.lang !== 'en') throw new UsageError('--lang is vi or en');
  const lang: Lang = options.lang === 'en' ? 'en' : 'vi';
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
        process.stdout.write(
          `${options.json ? JSON.stringify(summary, null, 2) : formatSummary(summary, lang, runtime)}\n`,
        );
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
    process.stdout.write(
      `${options.json ? JSON.stringify(summary, null, 2) : formatSummary(summary, lang, runtime)}\n`,
    );
    const delivered = await runtime.notifier.deliver(store.db);
    if (delivered && !options.json) process.stdout.write(`  ${formatDelivery(delivered, lang)}\n`);
  } finally {
    await store.close();
  }
}
