import { open, readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { type CellProblem, columnLetters, readXlsxRows, TableLimitError, WorkbookError } from './read-xlsx.ts';
import { DEFAULT_TABLE_LIMITS, describeBytes, type TableLimits } from './table-limits.ts';

export interface Table {
  headers: string[];
  /**
   * Data rows as text, with their 1-based row number in the file (the header is row 1), and the
   * cells that could not be read (an Excel error, a date out of range): such a row is not imported.
   */
  rows: Array<{ rowNumber: number; cells: string[]; unreadable?: CellProblem[] }>;
}

/** A file that cannot be read as a table at all: nothing of it is imported. */
export class TableFileError extends Error {
  override readonly name = 'TableFileError';
}

/** A file refused whole, said as the import report says everything: Vietnamese, then English. */
const refused = (vi: string, en: string) => new TableFileError(`${vi} / ${en}`);

const MAX_ROW_CHARS = 64 * 1024;

function* slices(text: string, size: number): Generator<string> {
  for (let at = 0; at < text.length; at += size) yield text.slice(at, at + size);
}

/** Parses CSV text record by record, stopping at the row and cell limits (csv-parse's stream API). */
async function readCsv(file: string, bytes: Buffer, limits: TableLimits): Promise<string[][]> {
  // A CSV is text: NUL bytes or invalid UTF-8 mean a binary file with the wrong name.
  if (bytes.includes(0)) {
    throw refused(
      `${file} không phải tệp CSV dạng chữ (có dữ liệu nhị phân): hãy lưu thành CSV UTF-8 hoặc .xlsx`,
      `${file} is not a text CSV file (it contains binary data). Save it as CSV UTF-8 or .xlsx`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw refused(
      `${file} không phải chữ UTF-8: trong Excel hãy chọn "CSV UTF-8 (Comma delimited)"`,
      `${file} is not UTF-8 text. In Excel choose "CSV UTF-8 (Comma delimited)"`,
    );
  }
  const firstLine = text.split(/\r?\n/u, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/gu)?.length ?? 0) > (firstLine.match(/,/gu)?.length ?? 0) ? ';' : ',';
  const parser = parse({
    bom: true,
    delimiter,
    relax_column_count: true,
    skip_empty_lines: false,
    // A registry row is a few hundred characters: a "row" of 64 KB is not one, and parsing one
    // several megabytes long takes seconds of CPU.
    max_record_size: MAX_ROW_CHARS,
  });
  // Fed in slices, so that a large file never holds the event loop (the dashboard keeps answering).
  const source = Readable.from(slices(text, 64 * 1024));
  source.pipe(parser);
  const rows: string[][] = [];
  let cells = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (rows.length > limits.maxRows)
        throw new TableLimitError(`has more than ${limits.maxRows} data rows (import.maxRows)`);
      cells += record.length;
      if (cells > limits.maxCells)
        throw new TableLimitError(`has more than ${limits.maxCells} cells (import.maxCells)`);
      rows.push(record);
    }
  } catch (error) {
    if (error instanceof WorkbookError) throw refused(`${file}: ${error.vi}`, `${file}: ${error.message}`);
    if (error instanceof TableLimitError) throw error;
    const tooLong = (error as { code?: string }).code === 'CSV_MAX_RECORD_SIZE';
    throw tooLong
      ? refused(
          `${file} có một dòng dài hơn ${MAX_ROW_CHARS / 1024} KB: đây không phải bảng danh mục (có đúng tệp không?)`,
          `${file} has a row longer than ${MAX_ROW_CHARS / 1024} KB: it is not a registry table (is it the right file?)`,
        )
      : refused(
          `${file} không đúng định dạng CSV (thường do dấu ngoặc kép không đóng); hãy lưu lại từ Excel`,
          `${file} is not valid CSV: ${(error as Error).message}`,
        );
  } finally {
    source.destroy();
    parser.destroy();
  }
  return rows;
}

/**
 * An .xlsx is a ZIP (it starts "PK"); text with commas or semicolons in its first line is a CSV
 * someone renamed, and the clerk is told so rather than shown the ZIP library's English.
 */
async function refuseCsvNamedXlsx(file: string): Promise<void> {
  const handle = await open(file);
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    const head = buffer.subarray(0, bytesRead);
    if (head.subarray(0, 2).toString('latin1') === 'PK' || head.includes(0)) return;
    const firstLine = head.toString('utf8').split(/\r?\n/u, 1)[0] ?? '';
    if (/[,;]/u.test(firstLine))
      throw refused(
        `${file}: tệp này là CSV, hãy đổi đuôi thành .csv`,
        `${file} is a CSV file named .xlsx: rename it to .csv`,
      );
  } finally {
    await handle.close();
  }
}

/**
 * Reads a .csv (UTF-8, comma or semicolon) or .xlsx file into headers and rows, within `limits`
 * (size, unpacked size, rows, cells): a file past one is refused whole, with a message naming it.
 */
export async function readTable(file: string, limits: TableLimits = DEFAULT_TABLE_LIMITS): Promise<Table> {
  const extension = extname(file).toLowerCase();
  if (extension !== '.csv' && extension !== '.xlsx') {
    throw refused(`${file}: chỉ nhập được tệp .csv và .xlsx`, `${file}: only .csv and .xlsx files can be imported`);
  }
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    throw refused(`Không đọc được ${file}`, `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  if (size === 0) throw refused(`${file} trống`, `${file} is empty`);
  if (size > limits.maxFileBytes)
    throw refused(
      `${file} nặng ${describeBytes(size)}, quá ${describeBytes(limits.maxFileBytes)} mỗi lần nhập cho phép`,
      `${file} is ${describeBytes(size)}, more than the ${describeBytes(limits.maxFileBytes)} an import takes (import.maxFileBytes)`,
    );
  let records: Array<{ rowNumber: number; cells: string[] }>;
  let cellProblems = new Map<number, CellProblem[]>();
  try {
    if (extension === '.xlsx') {
      await refuseCsvNamedXlsx(file);
      ({ rows: records, cellProblems } = await readXlsxRows(file, limits));
    } else
      records = (await readCsv(file, await readFile(file), limits)).map((cells, index) => ({
        rowNumber: index + 1,
        cells,
      }));
  } catch (error) {
    if (error instanceof TableFileError) throw error;
    if (error instanceof WorkbookError) throw refused(`${file}: ${error.vi}`, `${file}: ${error.message}`);
    if (error instanceof TableLimitError) throw refused(`${file} quá lớn để nhập một lần`, `${file} ${error.message}`);
    throw refused(
      `${file} không phải sổ tính .xlsx đọc được`,
      `${file} is not a readable .xlsx workbook (${(error as Error).message})`,
    );
  }
  const headerRow = records[0]?.rowNumber === 1 ? records[0].cells : undefined;
  if (!headerRow || headerRow.every((cell) => cell.trim() === '')) {
    throw refused(`${file} không có dòng tiêu đề`, `${file} has no header row`);
  }
  const rows = records
    .slice(1)
    .map(({ rowNumber, cells }) => {
      const unreadable = cellProblems.get(rowNumber);
      return {
        rowNumber,
        cells: cells.map((cell) => String(cell ?? '').trim()),
        ...(unreadable ? { unreadable } : {}),
      };
    })
    .filter((row) => row.unreadable || row.cells.some((cell) => cell !== ''));
  if (rows.length === 0)
    throw refused(`${file} có tiêu đề nhưng không có dòng dữ liệu`, `${file} has a header but no data rows`);
  return { headers: headerRow.map((cell) => String(cell ?? '').trim()), rows };
}

/** A row's unreadable cells as import problems, each named by its row and its column's header. */
export const unreadableCells = (headers: readonly string[], row: number, cells: readonly CellProblem[]) =>
  cells.map(({ column, problem }) => ({ row, column: headers[column] || columnLetters(column), problem }));
