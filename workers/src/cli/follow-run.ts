import { formatDate, type RunProgress } from '@ocop-monitor/monitor';
import { progressBar } from './progress-bar.ts';
import { UsageError } from './usage-error.ts';

/** Follows a queued run to its end on a progress bar; a run nobody starts within a minute is reported. */
export async function followRun(runDate: string, read: () => Promise<RunProgress>, whatToDo: string): Promise<void> {
  const bar = progressBar(`Lượt ngày ${formatDate(runDate)} / run`);
  let progress = await read();
  bar.start(progress.total, progress.checked);
  let idleSince = Date.now();
  while (!progress.finalized) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const next = await read();
    if (next.checked !== progress.checked) idleSince = Date.now();
    progress = next;
    bar.update(progress.checked);
    if (Date.now() - idleSince > 60_000 && progress.checked === 0) {
      bar.stop();
      throw new UsageError(`no worker has picked up the run for a minute: ${whatToDo}`);
    }
  }
  bar.stop();
  process.stdout.write(
    `Lượt ngày ${formatDate(runDate)} đã xong / run finished: ${progress.checked}/${progress.total} tin đăng đã kiểm tra / checked\n`,
  );
}
