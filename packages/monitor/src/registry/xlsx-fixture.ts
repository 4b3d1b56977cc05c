// Test support: an .xlsx written part by part, so a test can give the reader exactly the XML a
// producer (Excel, LibreOffice, an OpenXML SDK script, a hand-made export) puts in one.
import { writeFileSync } from 'node:fs';
import { crc32, deflateRawSync } from 'node:zlib';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** Writes `parts` (name → XML) as a ZIP, each part deflated. */
export function writeZip(path: string, parts: Record<string, string>): string {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(parts)) {
    const data = Buffer.from(text, 'utf8');
    const packed = deflateRawSync(data);
    const fileName = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names in UTF-8
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    local.copy(entry, 8, 6, 26);
    entry.writeUInt16LE(fileName.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, fileName, packed);
    central.push(entry, fileName);
    offset += local.length + fileName.length + packed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(central.length / 2, 8);
  end.writeUInt16LE(central.length / 2, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(path, Buffer.concat([...locals, directory, end]));
  return path;
}

interface SheetSpec {
  name: string;
  /** The XML inside <sheetData>. */
  rows: string;
  state?: 'visible' | 'hidden' | 'veryHidden';
}

export interface WorkbookSpec {
  sheets: SheetSpec[];
  /** The XML inside <sst>, stored at `sharedStringsPath` (default xl/sharedStrings.xml). */
  sharedStrings?: string;
  sharedStringsPath?: string;
  /** The XML inside <styleSheet>, stored at `stylesPath` (default xl/styles.xml). */
  styles?: string;
  stylesPath?: string;
  /** Where the workbook part is (default xl/workbook.xml). */
  workbookPath?: string;
  date1904?: boolean;
}

/** A workbook whose parts are found through its relationships, as Excel writes it, wherever they are. */
export function writeWorkbook(path: string, spec: WorkbookSpec): string {
  const workbookPath = spec.workbookPath ?? 'xl/workbook.xml';
  const folder = workbookPath.slice(0, workbookPath.lastIndexOf('/'));
  const base = workbookPath.slice(workbookPath.lastIndexOf('/') + 1);
  const relation = (id: string, type: string, target: string) =>
    `<Relationship Id="${id}" Type="${R}/${type}" Target="${target}"/>`;
  const parts: Record<string, string> = {
    '[Content_Types].xml':
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    '_rels/.rels': `<?xml version="1.0"?><Relationships xmlns="${RELS}">${relation('rId1', 'officeDocument', `/${workbookPath}`)}</Relationships>`,
  };
  const sheets = spec.sheets
    .map((sheet, i) => {
      const state = sheet.state ? ` state="${sheet.state}"` : '';
      return `<sheet name="${sheet.name}" sheetId="${i + 1}"${state} r:id="rIdS${i}"/>`;
    })
    .join('');
  const date1904 = spec.date1904 ? '<workbookPr date1904="1"/>' : '';
  parts[workbookPath] =
    `<?xml version="1.0"?><workbook xmlns="${MAIN}" xmlns:r="${R}">${date1904}<sheets>${sheets}</sheets></workbook>`;
  const relations: string[] = [];
  spec.sheets.forEach((sheet, i) => {
    relations.push(relation(`rIdS${i}`, 'worksheet', `sheets/data-${i}.xml`));
    parts[`${folder}/sheets/data-${i}.xml`] =
      `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>${sheet.rows}</sheetData></worksheet>`;
  });
  if (spec.sharedStrings !== undefined) {
    const at = spec.sharedStringsPath ?? `${folder}/sharedStrings.xml`;
    relations.push(relation('rIdSS', 'sharedStrings', `/${at}`));
    parts[at] = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}">${spec.sharedStrings}</sst>`;
  }
  if (spec.styles !== undefined) {
    const at = spec.stylesPath ?? `${folder}/styles.xml`;
    relations.push(relation('rIdST', 'styles', `/${at}`));
    parts[at] = `<?xml version="1.0"?><styleSheet xmlns="${MAIN}">${spec.styles}</styleSheet>`;
  }
  parts[`${folder}/_rels/${base}.rels`] =
    `<?xml version="1.0"?><Relationships xmlns="${RELS}">${relations.join('')}</Relationships>`;
  return writeZip(path, parts);
}

/** An inline-string cell. */
export const text = (ref: string, value: string) => `<c r="${ref}" t="inlineStr"><is><t>${value}</t></is></c>`;
/** A cell with a raw value, of type `t` and style `s` when given. */
export const raw = (ref: string, value: string, t?: string, s?: number) =>
  `<c r="${ref}"${t ? ` t="${t}"` : ''}${s === undefined ? '' : ` s="${s}"`}><v>${value}</v></c>`;
export const row = (r: number, ...cells: string[]) => `<row r="${r}">${cells.join('')}</row>`;
