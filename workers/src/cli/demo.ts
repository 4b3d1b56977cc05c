import { loadConfig } from '../config/load.ts';
import { runDemo } from '../demo/run-demo.ts';
import { sandboxConfigLayer } from '../sandbox-config.ts';
import { parseFaultProfile } from './sandbox.ts';
import { UsageError } from './usage-error.ts';

export interface DemoCommandOptions {
  days: number;
  products: number;
  seed: number;
  faults: string;
  engine: string;
  json?: boolean;
}

/** `ocop-monitor demo`: the whole system against the sandbox, day by day, scored against its truth. */
export async function demoCommand(options: DemoCommandOptions, configFile: string | undefined): Promise<void> {
  const faults = parseFaultProfile(options.faults);
  if (options.days < 1 || options.days > 365) throw new UsageError('--days is from 1 to 365');
  if (options.engine !== 'in-process' && options.engine !== 'queue')
    throw new UsageError('--engine is in-process or queue');
  if (options.products < 1 || options.products > 20_000) throw new UsageError('--products is from 1 to 20000');
  const err = process.stderr;
  if (!options.json) {
    err.write(
      `Demo: tỉnh mô phỏng / simulated province, ${options.products} products, ${options.days} days, seed ${options.seed}, faults ${options.faults}\n`,
    );
  }
  const started = performance.now();
  const result = await runDemo({
    days: options.days,
    products: options.products,
    seed: options.seed,
    faults,
    engine: options.engine,
    config: (baseUrls) => {
      const config = loadConfig({
        ...(configFile ? { file: configFile } : {}),
        overrides: sandboxConfigLayer(baseUrls),
      });
      // The demo prints its own day-by-day lines; engine logs only when asked for (LOG_LEVEL).
      if (!process.env.LOG_LEVEL) config.log.level = 'warn';
      return config;
    },
    onDay: ({ day, date, summary, coverage }) => {
      if (options.json || !summary) return;
      const opened =
        Object.entries(summary.alerts.opened)
          .map(([type, n]) => `${type} ${n}`)
          .join(', ') || '—';
      err.write(
        `  day ${String(day).padStart(3)} ${date}  coverage ${String(coverage.ours).padStart(5)}% (truth ${coverage.truth}%)  active ${summary.verdicts.active ?? 0} delisted ${summary.verdicts.delisted ?? 0} unknown ${summary.verdicts.unknown ?? 0}  alerts opened: ${opened}\n`,
      );
    },
  });
  if (options.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const d = result.detection;
  const out = process.stdout;
  out.write(
    `\nSản phẩm / products ${result.products}, tin đăng theo dõi / listings monitored ${result.listings}, ${result.days} days in ${Math.round((performance.now() - started) / 1000)} s\n`,
  );
  out.write(
    `Độ phủ / coverage: ${result.coverage.first.ours}% (${result.coverage.first.date}) → ${result.coverage.last.ours}% (${result.coverage.last.date}); truth ${result.coverage.first.truth}% → ${result.coverage.last.truth}%\n`,
  );
  out.write(
    `Cảnh báo đã mở / alerts opened: ${
      Object.entries(result.alerts.opened)
        .map(([t, n]) => `${t} ${n}`)
        .join(', ') || '—'
    }\n`,
  );
  for (const [name, score] of [
    ['listing_delisted', d.delisted],
    ['zero_sales', d.zeroSales],
  ] as const) {
    out.write(
      `Phát hiện / detection ${name}: TP ${score.truePositives}, FP ${score.falsePositives}, FN ${score.falseNegatives}, precision ${score.precision}, recall ${score.recall}\n`,
    );
  }
}
