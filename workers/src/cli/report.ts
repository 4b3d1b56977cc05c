import { writeFile } from 'node:fs/promises';
import {
  COVERAGE_BREAKDOWNS,
  type CoverageReport,
  computeCoverage,
  coverageCsv,
  coverageXlsx,
  formatDate,
  formatDateTime,
  formatPercent,
  listingsInWords,
  marketplaceName,
  officialReport,
  openDataCsv,
  openDataJson,
  provincialReportXlsx,
  readReportNotes,
  reportDocx,
} from '@ocop-monitor/monitor';
import type { Runtime } from '../runtime.ts';
import { openConfiguredStore, parseIsoDate, todayInVietnam } from '../store-runtime.ts';
import { UsageError } from './usage-error.ts';

/** `report`: the XLSX sent upward; `open-csv` / `open-json`: the figures as open data (docs/how-it-works.md, "The report sent upward"). */
const FORMATS = ['table', 'csv', 'json', 'xlsx', 'report', 'docx', 'open-csv', 'open-json'] as const;
type Format = (typeof FORMATS)[number];

function table(report: CoverageReport, where: (id: string) => string): string {
  const lines = [
    `Độ phủ sản phẩm OCOP trên sàn TMĐT / OCOP coverage on e-commerce, ${formatDate(report.date)}`,
    `  Mẫu số / denominator: ${report.denominatorRule}`,
    `  Tử số / numerator: ${report.numeratorRule}`,
    `  Tổng / overall: ${report.covered}/${report.denominator} = ${formatPercent(report.percent)} (mục tiêu / target ${formatPercent(report.target, 0)})`,
  ];
  for (const [title, pick] of COVERAGE_BREAKDOWNS) {
    lines.push(`\n${title}`);
    for (const g of pick(report).slice(0, 50))
      lines.push(
        `  ${g.label.padEnd(40)} ${String(g.covered).padStart(5)}/${String(g.denominator).padEnd(5)} ${formatPercent(g.percent)}`,
      );
  }
  lines.push(`\nCần đưa lên sàn / gap list (${report.gap.length}):`);
  for (const p of report.gap)
    lines.push(
      `  ${p.nationalId ?? p.localCode ?? p.productId} ${p.name} — ${p.producer}${p.listings.length ? ` [${listingsInWords(p.listings, where, 'vi')}]` : ''}`,
    );
  lines.push(`\nChưa xác nhận / unconfirmed delistings (${report.unconfirmed.length}):`);
  for (const l of report.unconfirmed)
    lines.push(`  ${where(l.marketplace)} ${l.url} (since ${l.suspectSince ? formatDateTime(l.suspectSince) : '—'})`);
  lines.push(`\nKhông kiểm tra được / stale (${report.stale.length}):`);
  for (const l of report.stale)
    lines.push(
      `  ${where(l.marketplace)} ${l.url} (last conclusive ${l.lastConclusiveAt ? formatDateTime(l.lastConclusiveAt) : 'never'})`,
    );
  return lines.join('\n');
}

/** `ocop-monitor report coverage [--date] [--format table|csv|json|xlsx|report|docx|open-csv|open-json] [--out]`. */
export async function reportCoverageCommand(
  runtime: Runtime,
  options: { date?: string; format: string; out?: string },
): Promise<void> {
  if (!(FORMATS as readonly string[]).includes(options.format))
    throw new UsageError(`--format is one of ${FORMATS.join(', ')}`);
  const format = options.format as Format;
  if ((format === 'xlsx' || format === 'report' || format === 'docx') && !options.out)
    throw new UsageError(`--format ${format} needs --out <file.${format === 'docx' ? 'docx' : 'xlsx'}>`);
  let date: string;
  try {
    date = options.date ? parseIsoDate(options.date, '--date') : todayInVietnam();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const store = await openConfiguredStore(runtime.config);
  try {
    const report = await computeCoverage(store.db, {
      date,
      asOf: new Date(`${date}T23:59:59+07:00`),
      freshnessHours: runtime.config.monitor.freshnessHours,
      countedMarketplaces: runtime.adapters.map((adapter) => adapter.id),
      marketplaceNames: Object.fromEntries(runtime.adapters.map((adapter) => [adapter.id, adapter.displayName])),
    });
    // The month of --date, with what the clerk wrote for it on the dashboard.
    const period = date.slice(0, 7);
    const document = async () =>
      officialReport({
        report,
        header: runtime.config.report,
        notes: await readReportNotes(store.db, period),
        period,
        issuedOn: todayInVietnam(),
      });
    const outputs: Record<Format, () => Promise<string | Buffer> | string> = {
      table: () => table(report, (id) => marketplaceName(id, runtime.adapters)),
      csv: () => coverageCsv(report),
      json: () => JSON.stringify(report, null, 2),
      xlsx: () => coverageXlsx(report),
      report: async () => provincialReportXlsx(await document(), report),
      docx: async () => reportDocx(await document()),
      'open-csv': () => openDataCsv(report),
      'open-json': () => JSON.stringify(openDataJson(report, runtime.config.report), null, 2),
    };
    const output = await outputs[format]();
    if (options.out) {
      await writeFile(options.out, output, { mode: 0o600 }); // producers' names and phones: this user's only
      process.stderr.write(`Đã ghi / written: ${options.out}\n`);
    } else process.stdout.write(`${output}\n`);
  } finally {
    await store.close();
  }
}
