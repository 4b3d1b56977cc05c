import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

export interface Table {
  headers: string[];
  /** Data rows as text, with their 1-based row number in the file (the header is row 1). */
  rows: Array<{ rowNumber: number; cells: string[] }>;
}

/** A file that cannot be read as a table at all: nothing of it is imported. */
export class TableFileError extends Error {
  override readonly name = 'TableFileError';
}

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

async function readXlsx(file: string): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(file);
  } catch (error) {
    throw new TableFileError(`${file} is not a readable .xlsx workbook (${(error as Error).message})`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new TableFileError(`${file} has no worksheet`);
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const values = row.values as ExcelJS.CellValue[]; // 1-based
    rows[rowNumber - 1] = values.slice(1).map(cellText);
  });
  return Array.from(rows, (row) => row ?? []);
}

function readCsv(file: string, bytes: Buffer): string[][] {
  // A CSV is text: NUL bytes or invalid UTF-8 mean a binary file with the wrong name.
  if (bytes.includes(0)) {
    throw new TableFileError(`${file} is not a text CSV file (it contains binary data). Save it as CSV UTF-8 or .xlsx`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new TableFileError(`${file} is not UTF-8 text. In Excel choose "CSV UTF-8 (Comma delimited)"`);
  }
  const firstLine = text.split(/\r?\n/u, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/gu)?.length ?? 0) > (firstLine.match(/,/gu)?.length ?? 0) ? ';' : ',';
  try {
    return parse(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (error) {
    throw new TableFileError(`${file} is not valid CSV: ${(error as Error).message}`);
  }
}

/** Reads a .csv (UTF-8, comma or semicolon) or .xlsx file into headers and rows. */
export async function readTable(file: string): Promise<Table> {
  const extension = extname(file).toLowerCase();
  if (extension !== '.csv' && extension !== '.xlsx') {
    throw new TableFileError(`${file}: only .csv and .xlsx files can be imported`);
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new TableFileError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  if (bytes.length === 0) throw new TableFileError(`${file} is empty`);
  const grid = extension === '.xlsx' ? await readXlsx(file) : readCsv(file, bytes);
  const [headerRow, ...data] = grid;
  if (!headerRow || headerRow.every((cell) => cell.trim() === '')) {
    throw new TableFileError(`${file} has no header row`);
  }
  const rows = data
    .map((cells, index) => ({ rowNumber: index + 2, cells: cells.map((cell) => String(cell ?? '').trim()) }))
    .filter((row) => row.cells.some((cell) => cell !== ''));
  if (rows.length === 0) throw new TableFileError(`${file} has a header but no data rows`);
  return { headers: headerRow.map((cell) => String(cell ?? '').trim()), rows };
}
