import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { BLANK_LINE, type OfficialReport, type ReportTable, recipientLines } from './official-report.ts';

/** Sizes in half-points (docx's unit): the decree's 13–14 pt for text, 12 pt for the motto's first line. */
const PT = (points: number) => points * 2;
const FONT = 'Times New Roman';
/** Millimetres in twips, rounded up so a margin is never under the decree's minimum. */
const mm = (millimetres: number) => Math.ceil((millimetres * 1440) / 25.4);
const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };

const line = (
  text: string,
  options: { bold?: boolean; italics?: boolean; size?: number; align?: 'center' | 'left' | 'justify' } = {},
) =>
  new Paragraph({
    alignment:
      options.align === 'left'
        ? AlignmentType.LEFT
        : options.align === 'justify'
          ? AlignmentType.JUSTIFIED
          : AlignmentType.CENTER,
    children: [
      new TextRun({
        text,
        bold: options.bold ?? false,
        italics: options.italics ?? false,
        size: PT(options.size ?? 14),
      }),
    ],
  });

/** Two side-by-side blocks without borders, as the decree places the agencies beside the motto. */
const sideBySide = (left: Paragraph[], right: Paragraph[], leftShare: number) =>
  new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          new TableCell({ width: { size: leftShare, type: WidthType.PERCENTAGE }, children: left }),
          new TableCell({ width: { size: 100 - leftShare, type: WidthType.PERCENTAGE }, children: right }),
        ],
      }),
    ],
  });

const dataTable = (table: ReportTable) =>
  new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [table.columns, ...table.rows].map(
      (cells, index) =>
        new TableRow({
          tableHeader: index === 0,
          children: cells.map(
            (text) =>
              new TableCell({
                children: [line(text, { bold: index === 0, size: 12, align: index === 0 ? 'center' : 'left' })],
              }),
          ),
        }),
    ),
  });

/**
 * The report as an editable Word document, the same content as the printed page: A4, margins 20 mm
 * top and bottom, 30 mm left, 15 mm right, Times New Roman, the page number centred in the top
 * margin from page 2 on (Nghị định 30/2020/NĐ-CP, Phụ lục I).
 */
export async function reportDocx(report: OfficialReport): Promise<Buffer> {
  const body: Array<Paragraph | Table> = [
    sideBySide(
      [
        ...(report.parentAgency ? [line(report.parentAgency, { size: 13 })] : []),
        line(report.agency, { bold: true, size: 13 }),
        line('――――', { size: 10 }),
        line(report.numberLine, { size: 13 }),
      ],
      [
        line(report.motto[0], { bold: true, size: 12 }),
        line(report.motto[1], { bold: true, size: 13 }),
        line('――――――――――', { size: 10 }),
        line(report.placeDate, { italics: true, size: 14 }),
      ],
      40,
    ),
    line(''),
    line(report.kind, { bold: true, size: 14 }),
    line(report.subject, { bold: true, size: 14 }),
    line(''),
  ];
  for (const section of report.sections) {
    body.push(line(section.heading, { bold: true, align: 'left' }));
    for (const text of section.paragraphs) body.push(line(text, { align: text === BLANK_LINE ? 'left' : 'justify' }));
    if (section.table) body.push(dataTable(section.table));
    if (section.omitted) body.push(line(`Và ${section.omitted} sản phẩm khác: xem tệp XLSX.`, { align: 'left' }));
  }
  body.push(
    line(''),
    sideBySide(
      [
        line('Nơi nhận:', { bold: true, italics: true, size: 12, align: 'left' }),
        ...recipientLines(report.recipients).map((text) => line(text, { size: 11, align: 'left' })),
      ],
      [
        ...(report.signer.authority ? [line(report.signer.authority, { bold: true })] : []),
        line(report.signer.title, { bold: true }),
        line(''),
        line(''),
        line(''),
        line(report.signer.name, { bold: true }),
      ],
      50,
    ),
  );
  const document = new Document({
    creator: report.agency,
    title: report.subject,
    styles: { default: { document: { run: { font: FONT, size: PT(14) } } } },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: 11906, height: 16838 }, // A4 in twips
            margin: { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) },
          },
        },
        headers: {
          default: new Header({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: [PageNumber.CURRENT], size: PT(13) })],
              }),
            ],
          }),
          first: new Header({ children: [] }),
        },
        children: body,
      },
    ],
  });
  return Packer.toBuffer(document);
}
