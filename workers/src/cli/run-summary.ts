import {
  type Database,
  findRun,
  formatNumber,
  LARGE_SHOP,
  type Lang,
  marketplaceName,
  type RunRequests,
  type RunSummary,
  runSummaryInWords,
} from '@ocop-monitor/monitor';
import type { Runtime } from '../runtime.ts';

function formatRequests(http: RunRequests, lang: Lang): string {
  const large = http.largeShops;
  return lang === 'vi'
    ? `  Yêu cầu tới các sàn: ${http.requests} cho ${http.listings} tin đăng (${formatNumber(http.requestsPerListing, 2)} mỗi tin); ${http.fromCards} tin đọc từ thẻ sản phẩm của ${http.shops} gian hàng; gian hàng từ ${LARGE_SHOP} tin trở lên: ${formatNumber(large.requestsPerListing, 2)} mỗi tin`
    : `  Requests to the marketplaces: ${http.requests} for ${http.listings} listings (${http.requestsPerListing} per listing); ${http.fromCards} read from the cards of ${http.shops} shops; shops of ${LARGE_SHOP}+ listings: ${large.requestsPerListing} per listing`;
}

/** The run in words (Vietnamese unless `--lang en`), with the requests it took; JSON keeps the codes. */
export function formatRunSummary(summary: RunSummary, lang: Lang, runtime: Runtime): string {
  const where = (id: string) => runtime.adapters.find((a) => a.id === id)?.displayName ?? marketplaceName(id);
  return [
    ...runSummaryInWords(summary, lang, where),
    ...(summary.http ? [formatRequests(summary.http, lang)] : []), // runs stored before batching have none
  ].join('\n');
}

/** The summary a finished run stored, as `check`, `run-now` beside the service print it. */
export async function writeStoredRunSummary(
  runtime: Runtime,
  db: Database,
  runDate: string,
  options: { lang: Lang; json: boolean },
): Promise<void> {
  const summary = (await findRun(db, runDate))?.summary as RunSummary | null | undefined;
  if (!summary) return;
  process.stdout.write(
    `${options.json ? JSON.stringify(summary, null, 2) : formatRunSummary(summary, options.lang, runtime)}\n`,
  );
}
