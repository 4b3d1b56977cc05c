import { formatPercent } from '@ocop-monitor/monitor';
import { SingleBar } from 'cli-progress';

/**
 * A progress bar on standard error in the one formatter's figures ("45,0 %", cli-progress's own
 * `{percentage}` being "45%"): `start` and `update` pass the share done as a token of ours.
 */
export function progressBar(label: string, withEta = false) {
  const bar = new SingleBar({
    format: `${label} [{bar}] {value}/{total} {share}${withEta ? ' · còn khoảng {eta} giây' : ''}`,
    stream: process.stderr,
  });
  const share = (done: number, total: number) => ({ share: formatPercent(total ? (done / total) * 100 : 0) });
  let total = 0;
  return {
    start(of: number, done: number) {
      total = of;
      bar.start(of, done, share(done, of));
    },
    update(done: number) {
      bar.update(done, share(done, total));
    },
    stop() {
      bar.stop();
    },
  };
}
