import { posix } from 'node:path';
import type { TableLimits } from './table-limits.ts';
import { guardZip, openParts, TableLimitError, type WorkbookParts } from './xlsx-parts.ts';

export { TableLimitError } from './xlsx-parts.ts';

/** Excel's built-in number formats that show a date (ECMA-376 §18.8.30, and the East Asian ones). */
const BUILT_IN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56,
  57, 58,
]);

/** A custom format is a date when it has day, month, year or time codes outside quotes and brackets. */
const isDateFormat = (code: string) =>
  /[ymdhs]/iu.test(
    code
      .replace(/\[[^\]]*\]/gu, '')
      .replace(/"[^"]*"/gu, '')
      .replace(/\\./gu, ''),
  );

const MAX_COLUMN = 16_384; // XFD, Excel's last column

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

/** The workbook's first sheet, its date styles and the 1904 flag, from workbook.xml and its relations. */
async function readWorkbook(parts: WorkbookParts) {
  let firstSheet: string | undefined;
  let date1904 = false;
  if (parts.has('xl/workbook.xml'))
    await parts.parse('xl/workbook.xml', {
      open(tag) {
        if (tag.name === 'workbookPr') date1904 = ['1', 'true'].includes(tag.attributes.date1904 ?? '');
        if (tag.name === 'sheet') firstSheet ??= tag.attributes['r:id'];
      },
    });
  let sheet = 'xl/worksheets/sheet1.xml';
  if (firstSheet && parts.has('xl/_rels/workbook.xml.rels'))
    await parts.parse('xl/_rels/workbook.xml.rels', {
      open(tag) {
        const target = tag.attributes.Target;
        if (tag.name !== 'Relationship' || tag.attributes.Id !== firstSheet || !target) return;
        sheet = target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join('xl', target));
      },
    });
  const dateStyles = new Set<number>();
  if (parts.has('xl/styles.xml')) {
    const customDates = new Set<number>();
    let inCellXfs = false;
    let xf = 0;
    await parts.parse('xl/styles.xml', {
      open(tag) {
        const format = Number(tag.attributes.numFmtId);
        if (tag.name === 'numFmt' && isDateFormat(tag.attributes.formatCode ?? '')) customDates.add(format);
        if (tag.name === 'cellXfs') inCellXfs = true;
        if (tag.name === 'xf' && inCellXfs) {
          if (BUILT_IN_DATE_FORMATS.has(format) || customDates.has(format)) dateStyles.add(xf);
          xf += 1;
        }
      },
      close(name) {
        if (name === 'cellXfs') inCellXfs = false;
      },
    });
  }
  return { sheet, date1904, dateStyles };
}

/** The shared strings, in order; a rich-text string is its runs joined, without phonetic hints. */
async function readSharedStrings(parts: WorkbookParts): Promise<string[]> {
  const strings: string[] = [];
  if (!parts.has('xl/sharedStrings.xml')) return strings;
  let current = '';
  let inText = false;
  let inPhonetic = false;
  await parts.parse('xl/sharedStrings.xml', {
    open(tag) {
      if (tag.name === 'si') current = '';
      else if (tag.name === 't') inText = !tag.isSelfClosing;
      else if (tag.name === 'rPh') inPhonetic = true;
    },
    text(text) {
      if (inText && !inPhonetic) current += text;
    },
    close(name) {
      if (name === 't') inText = false;
      else if (name === 'rPh') inPhonetic = false;
      else if (name === 'si') strings.push(current);
    },
  });
  return strings;
}

/** An Excel serial day (from 1899-12-30, or 1904-01-01 in a 1904 workbook; a fraction is the time) as yyyy-mm-dd. */
const excelDate = (serial: number, date1904: boolean) =>
  new Date(Math.round((serial + (date1904 ? 1462 : 0) - 25_569) * 86_400_000)).toISOString().slice(0, 10);

/**
 * The first worksheet of an .xlsx, row by row, as text: the sheet's XML is streamed through a SAX
 * parser and each row kept as its cells' text only (exceljs's reader built a Row and a Cell object
 * with its style for every cell, and a 1.6 MB registry took ~300 MB), stopping at the row and cell
 * limits. Dates (numbers in a date format) become yyyy-mm-dd, formulas their last result.
 */
export async function readXlsxRows(file: string, limits: TableLimits): Promise<string[][]> {
  await guardZip(file, limits);
  const parts = await openParts(file);
  try {
    const { sheet, date1904, dateStyles } = await readWorkbook(parts);
    const shared = await readSharedStrings(parts);
    const rows: string[][] = [];
    let cells = 0;
    let rowNumber = 0;
    let values: string[] = [];
    let column = -1;
    let type = 'n';
    let style = 0;
    let text = '';
    let inValue = false;
    let inPhonetic = false;
    const cellText = (): string => {
      switch (type) {
        case 's':
          return shared[Number(text)] ?? '';
        case 'b':
          return text === '1' ? 'true' : 'false';
        case 'd':
          return text.slice(0, 10);
        case 'inlineStr':
        case 'str':
        case 'e':
          return text;
        default: {
          const number = Number(text);
          if (text.trim() === '' || Number.isNaN(number)) return text;
          return dateStyles.has(style) ? excelDate(number, date1904) : String(number);
        }
      }
    };
    await parts.parse(sheet, {
      open(tag) {
        const { name, attributes } = tag;
        if (name === 'row') {
          rowNumber = attributes.r ? Number(attributes.r) : rowNumber + 1;
          if (!Number.isInteger(rowNumber) || rowNumber < 1)
            throw new TableLimitError(`has a row numbered "${attributes.r}"`);
          if (rowNumber > limits.maxRows + 1)
            throw new TableLimitError(`has more than ${limits.maxRows} data rows (import.maxRows)`);
          values = [];
          column = -1;
        } else if (name === 'c') {
          column = attributes.r ? columnOf(attributes.r) : column + 1;
          if (column < 0 || column >= MAX_COLUMN) throw new TableLimitError(`has a cell outside columns A to XFD`);
          type = attributes.t ?? 'n';
          style = Number(attributes.s ?? 0);
          text = '';
        } else if (name === 'v' || name === 't') inValue = !tag.isSelfClosing;
        else if (name === 'rPh') inPhonetic = true;
      },
      text(chunk) {
        if (inValue && !inPhonetic) text += chunk;
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
          rows[rowNumber - 1] = Array.from(values, (value) => value ?? '');
        }
      },
    });
    return Array.from(rows, (row) => row ?? []);
  } finally {
    parts.close();
  }
}
