import { SaxesParser, type SaxesTagPlain } from 'saxes';
import yauzl from 'yauzl';
import { describeBytes, type TableLimits } from './table-limits.ts';

/** Thrown when a file exceeds a limit or is not what it claims; the importer refuses the file. */
export class TableLimitError extends Error {
  override readonly name = 'TableLimitError';
}

const MAX_ENTRIES = 500;

const tooBig = (limits: TableLimits) =>
  new TableLimitError(
    `expands to more than ${describeBytes(limits.maxUncompressedBytes)} when unpacked (import.maxUncompressedBytes): a registry is far smaller; is it the right file?`,
  );

/**
 * Inflates every part of the workbook's ZIP once, counting bytes, before anything parses it: a
 * part that expands past the limit (a ZIP bomb), lies about its size (yauzl checks each against its
 * header) or comes in too many pieces stops the read at once, with memory never above one chunk.
 */
export async function guardZip(file: string, limits: TableLimits): Promise<void> {
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

/**
 * A cell or part the reader cannot take as it is, said for the clerk (Vietnamese) and the log
 * (English); the whole file is refused, naming the cell.
 */
export class WorkbookError extends Error {
  override readonly name = 'WorkbookError';
  readonly vi: string;
  constructor(vi: string, en: string) {
    super(en);
    this.vi = vi;
  }
}

/** A tag by its local name: `<x:row>` (an OpenXML SDK file) is `<row>`; attributes likewise. */
export interface XmlTag {
  name: string;
  attributes: Record<string, string>;
  isSelfClosing: boolean;
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/** The parts of a workbook already checked by `guardZip`, by name, to be read in any order. */
export interface WorkbookParts {
  /** Part names are compared without case, as the package format says (xl/SharedStrings.xml is xl/sharedStrings.xml). */
  has(name: string): boolean;
  /**
   * Streams one part through an XML parser, calling `on` for each tag opened, text and tag closed.
   * The bytes are decoded as one UTF-8 stream, so a character split between two chunks stays whole
   * (exceljs's streaming reader decoded each chunk alone and turned "Hợp tác xã" into "Hợp tác x��").
   */
  parse(name: string, on: XmlHandlers): Promise<void>;
  close(): void;
}

interface XmlHandlers {
  open?(tag: XmlTag): void;
  text?(text: string): void;
  close?(name: string): void;
}

export async function openParts(file: string): Promise<WorkbookParts> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, strictFileNames: false });
  const entries = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', resolve);
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.set(entry.fileName.replace(/^\/+/u, '').toLowerCase(), entry);
      zip.readEntry();
    });
    zip.readEntry();
  });
  return {
    has: (name) => entries.has(name.toLowerCase()),
    async parse(name, on) {
      const entry = entries.get(name.toLowerCase());
      if (!entry) throw new Error(`the workbook has no part ${name}`);
      const stream = await zip.openReadStreamPromise(entry);
      stream.setEncoding('utf8');
      const parser = new SaxesParser();
      let failure: Error | undefined;
      parser.on('error', (error) => {
        failure ??= error;
      });
      if (on.open) {
        const open = on.open;
        // Attributes keep their prefix: SpreadsheetML's own have none, the relationship id is r:id
        // (or another prefix for the same namespace, which `relationshipId` accepts).
        parser.on('opentag', (tag: SaxesTagPlain) =>
          open({ name: localName(tag.name), attributes: tag.attributes, isSelfClosing: tag.isSelfClosing }),
        );
      }
      if (on.text) {
        parser.on('text', on.text);
        // <t><![CDATA[a@b.vn]]></t> is text like any other (some exporters write every string so).
        parser.on('cdata', on.text);
      }
      if (on.close) {
        const close = on.close;
        parser.on('closetag', (tag) => close(localName(tag.name)));
      }
      try {
        for await (const chunk of stream as AsyncIterable<string>) {
          parser.write(chunk);
          if (failure) throw failure;
        }
        parser.close();
        if (failure) throw failure;
      } finally {
        stream.destroy();
      }
    },
    close: () => zip.close(),
  };
}
