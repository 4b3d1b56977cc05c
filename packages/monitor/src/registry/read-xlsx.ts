import type { TableLimits } from './table-limits.ts';
import { guardZip, openParts, TableLimitError, WorkbookError } from './xlsx-parts.ts';
import { decodeEscapes, readSharedStrings, readWorkbookLayout } from './xlsx-workbook.ts';

export { TableLimitError, WorkbookError } from './xlsx-parts.ts';

const MAX_COLUMN = 16_384; // XFD, Excel's last column

/** 2 → "C": a column's letters, for messages. */
export function columnLetters(column: number): string {
  let letters = '';
  for (let n = column + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** "C12" → 2: the 0-based column of a cell reference. */
function columnOf(reference: string): number {
  let column = 0;
  for (const letter of reference) {
    const code = letter.charCodeAt(0);
    if (code < 65 || code > 90) break;
    column = column * 26 + (code - 64);
  }
  return column - 1;
}

/** An Excel serial day (from 1899-12-30, or 1904-01-01 in a 1904 workbook; a fraction is the time) as yyyy-mm-dd. */
const excelDate = (serial: number, date1904: boolean) =>
  new Date(Math.round((serial + (date1904 ? 1462 : 0) - 25_569) * 86_400_000)).toISOString().slice(0, 10);

/** The days Excel can show as a date: 1 (1900-01-01) to 2,958,465 (9999-12-31). */
const isExcelDay = (serial: number) => serial >= 0 && serial < 2_958_466;

/** Something wrong in one cell: its row is not imported, and the report names the row and column. */
export interface CellProblem {
  column: number;
  problem: string;
}

/**
 * The longest cell the reader takes: a registry's longest field is a few hundred characters; a cell
 * of megabytes is not data, and reading it whole would hold it in memory.
 */
const MAX_CELL_CHARS = 10_000;

/** Excel's last row. */
const MAX_ROW = 1_048_576;

export interface XlsxRows {
  /** The rows with something in them (a value or a problem), in order; empty rows are left out. */
  rows: Array<{ rowNumber: number; cells: string[] }>;
  /** By row number. */
  cellProblems: Map<number, CellProblem[]>;
}

/**
 * The first worksheet of an .xlsx, row by row, as text: the sheet's XML is streamed through a SAX
 * parser and each row kept as its cells' text only (exceljs's reader built a Row and a Cell object
 * with its style for every cell, and a 1.6 MB registry took ~300 MB), stopping at the row and cell
 * limits. Dates (numbers in a date format) become yyyy-mm-dd, formulas their last result.
 */
export async function readXlsxRows(file: string, limits: TableLimits): Promise<XlsxRows> {
  await guardZip(file, limits);
  const parts = await openParts(file);
  try {
    const { sheet, sharedStrings, date1904, dateStyles, paddedStyles } = await readWorkbookLayout(parts);
    const cellProblems = new Map<number, CellProblem[]>();
    /** Notes a problem of the current cell; the cell reads as empty (the row is not imported). */
    const problem = (vi: string, en: string): string => {
      const list = cellProblems.get(rowNumber) ?? [];
      list.push({
        column,
        problem: `ô ${columnLetters(column)}${rowNumber}: ${vi} / cell ${columnLetters(column)}${rowNumber}: ${en}`,
      });
      cellProblems.set(rowNumber, list);
      return '';
    };
    const shared = await readSharedStrings(parts, sharedStrings, MAX_CELL_CHARS);
    const rows: Array<{ rowNumber: number; cells: string[] }> = [];
    let dataRows = 0;
    let oversized = false;
    let cells = 0;
    let rowNumber = 0;
    let values: string[] = [];
    let column = -1;
    let type = 'n';
    let style = 0;
    let text = '';
    let hasValue = false;
    let inValue = false;
    let inPhonetic = false;
    const tooLong = () =>
      problem(
        `ô dài hơn ${MAX_CELL_CHARS.toLocaleString('vi-VN')} ký tự, không phải dữ liệu danh mục: hãy xem lại ô này`,
        `the cell is longer than ${MAX_CELL_CHARS} characters, which is no registry data: check it`,
      );
    const cellText = (): string => {
      if (oversized) return tooLong();
      switch (type) {
        case 's': {
          // <c t="s"/> without a value is an empty cell; an index that points at no shared string
          // is a broken file, refused rather than read as some other cell's text or as nothing.
          if (!hasValue) return '';
          const index = Number(text);
          const found = /^\s*\d+\s*$/u.test(text) ? shared[index] : undefined;
          if (found === null) return tooLong();
          if (found === undefined) {
            const cell = `${columnLetters(column)}${rowNumber}`;
            throw new WorkbookError(
              `ô ${cell} (dòng ${rowNumber}, cột ${columnLetters(column)}) trỏ tới chữ dùng chung số "${text}" không có trong tệp: tệp hỏng, hãy mở bằng Excel rồi lưu lại`,
              `cell ${cell} (row ${rowNumber}, column ${columnLetters(column)}) points at shared string "${text}", which the file does not have (${shared.length} strings): the file is damaged`,
            );
          }
          return found;
        }
        case 'b':
          return text === '1' ? 'true' : 'false';
        case 'd':
          return text.slice(0, 10);
        case 'inlineStr':
        case 'str':
          return decodeEscapes(text);
        case 'e':
          // #N/A, #REF!…: a formula that failed. Its words are not the cell's value.
          return problem(
            `Excel báo lỗi "${text}" (công thức không tính được): hãy sửa ô rồi nhập lại`,
            `Excel shows the error "${text}" (a formula that failed): fix the cell and import again`,
          );
        default: {
          const number = Number(text);
          if (text.trim() === '' || Number.isNaN(number)) return text;
          if (dateStyles.has(style)) {
            if (isExcelDay(number)) return excelDate(number, date1904);
            return problem(
              `số ${text} trong ô định dạng ngày không phải ngày nào (Excel hiện ####): hãy gõ lại ngày dạng dd/mm/yyyy`,
              `${text} in a date-formatted cell is no date (Excel shows ####): type the date again as dd/mm/yyyy`,
            );
          }
          const width = paddedStyles.get(style);
          // A tax code or phone typed as a number and shown with its leading zeros: read as shown.
          if (width && Number.isSafeInteger(number) && number >= 0) return String(number).padStart(width, '0');
          // Excel shows 15 significant digits: 3.0000000000000004 (a sum's binary rest) is 3.
          return String(Number(number.toPrecision(15)));
        }
      }
    };
    await parts.parse(sheet, {
      open(tag) {
        const { name, attributes } = tag;
        if (name === 'row') {
          rowNumber = attributes.r ? Number(attributes.r) : rowNumber + 1;
          if (!Number.isInteger(rowNumber) || rowNumber < 1 || rowNumber > MAX_ROW)
            throw new TableLimitError(`has a row numbered "${attributes.r}"`);
          values = [];
          column = -1;
        } else if (name === 'c') {
          column = attributes.r ? columnOf(attributes.r) : column + 1;
          if (column < 0 || column >= MAX_COLUMN) throw new TableLimitError(`has a cell outside columns A to XFD`);
          type = attributes.t ?? 'n';
          style = Number(attributes.s ?? 0);
          text = '';
          hasValue = false;
          oversized = false;
        } else if (name === 'v' || name === 't') {
          inValue = !tag.isSelfClosing;
          hasValue = true;
        } else if (name === 'rPh') inPhonetic = true;
      },
      text(chunk) {
        if (!inValue || inPhonetic || oversized) return;
        if (text.length + chunk.length > MAX_CELL_CHARS) {
          oversized = true;
          text = '';
        } else text += chunk;
      },
      close(name) {
        if (name === 'v' || name === 't') inValue = false;
        else if (name === 'rPh') inPhonetic = false;
        else if (name === 'c') {
          values[column] = cellText();
          if (cells + values.length > limits.maxCells)
            throw new TableLimitError(`has more than ${limits.maxCells} cells (import.maxCells)`);
        } else if (name === 'row') {
          cells += values.length;
          // An empty row (a styled one, a stray <row r="1048576">) is no data and counts for nothing.
          const filled = values.some((value) => value?.trim()) || cellProblems.has(rowNumber);
          if (!filled) return;
          if (rowNumber > 1) dataRows += 1;
          if (dataRows > limits.maxRows)
            throw new TableLimitError(`has more than ${limits.maxRows} data rows (import.maxRows)`);
          rows.push({ rowNumber, cells: Array.from(values, (value) => value ?? '') });
        }
      },
    });
    return { rows: rows.sort((a, b) => a.rowNumber - b.rowNumber), cellProblems };
  } finally {
    parts.close();
  }
}
