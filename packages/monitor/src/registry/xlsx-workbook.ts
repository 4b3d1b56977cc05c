import { posix } from 'node:path';
import type { WorkbookParts, XmlTag } from './xlsx-parts.ts';

/** Excel's built-in number formats that show a date (ECMA-376 §18.8.30, and the East Asian ones). */
const BUILT_IN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56,
  57, 58,
]);

/** A format code without its quoted text, escaped characters and [colour]/[locale] brackets. */
const bareFormat = (code: string) =>
  code
    .replace(/\[[^\]]*\]/gu, '')
    .replace(/"[^"]*"/gu, '')
    .replace(/\\./gu, '');

/** A custom format is a date when it has day, month, year or time codes outside quotes and brackets. */
const isDateFormat = (code: string) => /[ymdhs]/iu.test(bareFormat(code));

/**
 * Excel writes a character XML cannot hold as _xHHHH_ (_x000D_ a carriage return) and a literal
 * "_x" as _x005F_x: read left to right, each escape once.
 */
export const decodeEscapes = (text: string) =>
  text.includes('_x')
    ? text.replace(/_x([0-9A-Fa-f]{4})_/gu, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    : text;

/** The relationship id of a tag: r:id, whatever prefix the file gives the relationships namespace. */
const relationshipId = (tag: XmlTag) =>
  Object.entries(tag.attributes).find(([key]) => key.includes(':') && key.endsWith(':id'))?.[1];

/** A relationships part as id → { type (its last word), part it points at }; external targets left out. */
async function relationships(parts: WorkbookParts, source: string) {
  const folder = posix.dirname(source);
  const relsPart = posix.join(folder === '.' ? '' : folder, '_rels', `${posix.basename(source)}.rels`);
  const found = new Map<string, { type: string; part: string }>();
  if (!parts.has(relsPart)) return found;
  await parts.parse(relsPart, {
    open(tag) {
      const { Id: id, Type: type = '', Target: target, TargetMode: mode } = tag.attributes;
      if (tag.name !== 'Relationship' || !id || !target || mode === 'External') return;
      const part = target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(folder, target));
      found.set(id, { type: type.slice(type.lastIndexOf('/') + 1), part });
    },
  });
  return found;
}

const partOfType = (relations: Map<string, { type: string; part: string }>, type: string) =>
  [...relations.values()].find((relation) => relation.type === type)?.part;

export interface WorkbookLayout {
  sheet: string;
  sharedStrings: string | undefined;
  date1904: boolean;
  /** Cell styles (xf index) whose number format shows a date. */
  dateStyles: Set<number>;
  /** Cell styles whose format pads a whole number with zeros ("0000000000": a tax code, a phone), by width. */
  paddedStyles: Map<number, number>;
}

/**
 * Where the workbook keeps its sheet, shared strings and styles: found as Excel finds them, through
 * the package's relationships (_rels/.rels → the workbook → its parts), so a file that names them
 * otherwise (xl/workbook2.xml, /xl/strings.xml) is read whole; the usual names are the fallback
 * for a file without relationships.
 */
export async function readWorkbookLayout(parts: WorkbookParts): Promise<WorkbookLayout> {
  const workbook = partOfType(await relationships(parts, ''), 'officeDocument') ?? 'xl/workbook.xml';
  const relations = await relationships(parts, workbook);
  let firstSheet: string | undefined;
  let date1904 = false;
  if (parts.has(workbook))
    await parts.parse(workbook, {
      open(tag) {
        if (tag.name === 'workbookPr') date1904 = ['1', 'true'].includes(tag.attributes.date1904 ?? '');
        // The first sheet the clerk sees: a hidden one (a lookup list, an old copy) is not the registry.
        const hidden = ['hidden', 'veryHidden'].includes(tag.attributes.state ?? '');
        if (tag.name === 'sheet' && !hidden) firstSheet ??= relationshipId(tag);
      },
    });
  const sheet = (firstSheet && relations.get(firstSheet)?.part) || 'xl/worksheets/sheet1.xml';
  const fallback = (name: string) => (parts.has(name) ? name : undefined);
  const sharedStrings = partOfType(relations, 'sharedStrings') ?? fallback('xl/sharedStrings.xml');
  const styles = partOfType(relations, 'styles') ?? fallback('xl/styles.xml');
  const cellStyles = styles
    ? await readCellStyles(parts, styles)
    : { dateStyles: new Set<number>(), paddedStyles: new Map() };
  return { sheet, sharedStrings, date1904, ...cellStyles };
}

/** A format of zeros only ("0000000000") shows a whole number padded to that many digits. */
const paddedWidth = (code: string) => (/^0{2,}$/u.test(bareFormat(code)) ? bareFormat(code).length : undefined);

async function readCellStyles(parts: WorkbookParts, styles: string) {
  const dateStyles = new Set<number>();
  const paddedStyles = new Map<number, number>();
  const customDates = new Set<number>();
  const customPadded = new Map<number, number>();
  let inCellXfs = false;
  let xf = 0;
  await parts.parse(styles, {
    open(tag) {
      const format = Number(tag.attributes.numFmtId);
      if (tag.name === 'numFmt') {
        const code = tag.attributes.formatCode ?? '';
        const width = paddedWidth(code);
        if (width) customPadded.set(format, width);
        else if (isDateFormat(code)) customDates.add(format);
      }
      if (tag.name === 'cellXfs') inCellXfs = true;
      if (tag.name === 'xf' && inCellXfs) {
        if (BUILT_IN_DATE_FORMATS.has(format) || customDates.has(format)) dateStyles.add(xf);
        const width = customPadded.get(format);
        if (width) paddedStyles.set(xf, width);
        xf += 1;
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return { dateStyles, paddedStyles };
}

/**
 * The shared strings, in order; a rich-text string is its runs joined, without phonetic hints. A
 * string longer than `maxChars` is null (not kept in memory): a cell showing it is a problem.
 */
export async function readSharedStrings(
  parts: WorkbookParts,
  part: string | undefined,
  maxChars: number,
): Promise<Array<string | null>> {
  const strings: Array<string | null> = [];
  let tooLong = false;
  if (!part || !parts.has(part)) return strings;
  let current = '';
  let inText = false;
  let inPhonetic = false;
  await parts.parse(part, {
    open(tag) {
      if (tag.name === 'si') {
        current = '';
        tooLong = false;
      } else if (tag.name === 't') inText = !tag.isSelfClosing;
      else if (tag.name === 'rPh') inPhonetic = true;
    },
    text(text) {
      if (!inText || inPhonetic || tooLong) return;
      if (current.length + text.length > maxChars) {
        tooLong = true;
        current = '';
      } else current += text;
    },
    close(name) {
      if (name === 't') inText = false;
      else if (name === 'rPh') inPhonetic = false;
      else if (name === 'si') strings.push(tooLong ? null : decodeEscapes(current));
    },
  });
  return strings;
}
