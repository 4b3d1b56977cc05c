import { formatProblem, type ImportReport, importListings, importProducts } from '@ocop-monitor/monitor';
import type { Runtime } from '../runtime.ts';
import { openConfiguredStore } from '../store-runtime.ts';

function printReport(kind: string, report: ImportReport): number {
  const out = process.stdout;
  if (report.fileRejected) {
    process.stderr.write(`Không nhập được / Nothing imported from ${report.file}:\n`);
    for (const problem of report.problems) process.stderr.write(`  - ${formatProblem(problem)}\n`);
    return 2;
  }
  out.write(
    `${kind}: ${report.rowsRead} dòng/rows read, ${report.created} mới/new, ${report.updated} cập nhật/updated, ${report.rejected} bị loại/rejected\n`,
  );
  for (const problem of report.problems) out.write(`  - ${formatProblem(problem)}\n`);
  return report.rejected > 0 ? 1 : 0;
}

/** `ocop-monitor import products|listings <file>`: exit 0 all imported, 1 some rows rejected, 2 file refused. */
export async function importCommand(runtime: Runtime, what: 'products' | 'listings', file: string): Promise<number> {
  const store = await openConfiguredStore(runtime.config);
  try {
    const limits = runtime.config.import;
    if (what === 'products')
      return printReport('Sản phẩm / products', await importProducts(store.db, file, { limits }));
    return printReport('Tin đăng / listings', await importListings(store.db, file, runtime.adapters, { limits }));
  } finally {
    await store.close();
  }
}
