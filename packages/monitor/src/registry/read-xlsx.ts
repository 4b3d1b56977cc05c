import type ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { describeBytes, type TableLimits } from './table-limits.ts';

/** Thrown when a file exceeds a limit or is not what it claims; the importer refuses the file. */
export class TableLimitError extends Error {
  override readonly name = 'TableLimitError';
}

const MAX_ENTRIES = 500;

/**
 * Inflates every part of the workbook's ZIP once, counting bytes, before anything parses it: a
 * part that expands past the limit (a ZIP bomb), lies about its size (yauzl checks each against its
 * header) or comes in too many pieces stops the read at once, with memory never above one chunk.
 */
async function guardZip(file: string, limits: TableLimits): Promise<void> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  let total = 0;
  let entries = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', resolve);
      zip.on('entry', (entry: yauzl.Entry) => {
        entries += 1;
        if (entries > MAX_ENTRIES) return reject(new TableLimitError(`has more than ${MAX_ENTRIES} parts`));
        if (total + entry.uncompressedSize > limits.maxUncompressedBytes) return reject(tooBig(limits));
        zip.openReadStream(entry, (error, stream) => {
          if (error) return reject(error);
          stream.on('data', (chunk: Buffer) => {
            total += chunk.length;
            if (total > limits.maxUncompressedBytes) {
              stream.destroy();
              reject(tooBig(limits));
            }
          });
          stream.on('error', reject);
          stream.on('end', () => zip.readEntry());
        });
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}

const tooBig = (limits: TableLimits) =>
  new TableLimitError(
    `expands to more than ${describeBytes(limits.maxUncompressedBytes)} when unpacked (import.maxUncompressedBytes): a registry is far smaller; is it the right file?`,
  );

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10); // Excel dates arrive as UTC midnight
  if (typeof value === 'object') {
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('hyperlink' in value) return String(value.hyperlink);
  }
  return String(value).trim();
}

/**
 * The first worksheet of an .xlsx, row by row (exceljs's streaming reader: the workbook is never
 * built whole), stopping at the row and cell limits.
 */
export async function readXlsxRows(file: string, limits: TableLimits): Promise<string[][]> {
  await guardZip(file, limits);
  const { default: Excel } = await import('exceljs'); // loaded by the imports that need it only
  const reader = new Excel.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    styles: 'cache', // dates are numbers with a date format: the styles tell which
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  const rows: string[][] = [];
  let cells = 0;
  for await (const sheet of reader) {
    for await (const row of sheet) {
      if (row.number > limits.maxRows + 1)
        throw new TableLimitError(`has more than ${limits.maxRows} data rows (import.maxRows)`);
      const values = (row.values as ExcelJS.CellValue[]).slice(1).map(cellText); // 1-based
      cells += values.length;
      if (cells > limits.maxCells)
        throw new TableLimitError(`has more than ${limits.maxCells} cells (import.maxCells)`);
      rows[row.number - 1] = values;
    }
    break; // the first worksheet only
  }
  return Array.from(rows, (row) => row ?? []);
}
