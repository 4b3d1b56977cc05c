import { createWriteStream } from 'node:fs';
import { mkdtemp, open, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import {
  DEFAULT_TABLE_LIMITS,
  type ImportReport,
  importListings,
  importProducts,
  LISTING_FIELDS,
  PRODUCT_FIELDS,
  type TableLimits,
} from '@ocop-monitor/monitor';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { User } from '../accounts.ts';
import type { RouteContext } from '../context.ts';
import { importPage } from '../import-page.ts';
import { type Lang, t } from '../layout.ts';
import { UploadGate } from '../upload-gate.ts';

/** A refusal of the upload itself, with the HTTP status it is answered with. */
class UploadError extends Error {
  readonly status: number;
  /** Seconds to come back after, for a 503. */
  readonly retryAfter: number | undefined;
  constructor(status: number, message: string, retryAfter?: number) {
    super(message);
    this.status = status;
    this.retryAfter = retryAfter;
  }
}

/** How long a turned-away upload is asked to wait: about one import of a large registry. */
const RETRY_AFTER_SECONDS = 30;
const busy = (lang: Lang) =>
  new UploadError(
    503,
    t(
      lang,
      `Đang nhập một tệp khác; mỗi lần chỉ nhập một tệp. Hãy thử lại sau ${RETRY_AFTER_SECONDS} giây.`,
      `Another file is being imported; one at a time. Try again in ${RETRY_AFTER_SECONDS} seconds.`,
    ),
    RETRY_AFTER_SECONDS,
  );

/** The file's own name, without folders or odd characters, for the report and the importer's messages. */
const cleanName = (name: string) =>
  (name.split(/[\\/]/u).pop() ?? 'upload')
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} ._-]/gu, '_')
    .slice(0, 120) || 'upload';

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** Whether the saved file is a ZIP (an XLSX), whatever name it was given. */
async function isZip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    await handle.read(head, 0, 4, 0);
    return head.equals(ZIP_MAGIC);
  } finally {
    await handle.close();
  }
}

/**
 * Reads the upload part by part, in the form's order: the CSRF token first (or the x-csrf-token
 * header) — nothing of the file is read before it is checked — then `kind`, then the file, which is
 * streamed to a private temporary folder and cut off at the size limit. Returns where it was saved.
 */
async function receive(
  request: FastifyRequest,
  folder: string,
  limits: TableLimits,
): Promise<{ path: string; name: string; kind: string }> {
  let csrfChecked = request.headers['x-csrf-token'] !== undefined;
  if (csrfChecked && request.headers['x-csrf-token'] !== request.csrf)
    throw new UploadError(403, 'missing or wrong CSRF token');
  let kind = 'products';
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      if (part.fieldname === '_csrf') {
        if (part.value !== request.csrf) throw new UploadError(403, 'missing or wrong CSRF token');
        csrfChecked = true;
      } else if (part.fieldname === 'kind') kind = String(part.value);
      continue;
    }
    if (!csrfChecked) throw new UploadError(403, 'missing or wrong CSRF token (it comes before the file)');
    const name = cleanName(part.filename).replace(/\.(csv|xlsx|xls|txt)$/iu, '');
    const path = join(folder, 'upload');
    await pipeline(part.file, createWriteStream(path, { mode: 0o600 }));
    if (part.file.truncated)
      throw new UploadError(
        413,
        `the file is larger than ${Math.round(limits.maxFileBytes / 1024 / 1024)} MB (import.maxFileBytes)`,
      );
    return { path, name, kind };
  }
  throw new UploadError(400, csrfChecked ? 'choose a CSV or XLSX file' : 'missing or wrong CSRF token');
}

/**
 * An uploaded file through the same importers as `ocop-monitor import`, with the same limits: it is
 * saved under its own name (so the report names it as the official knows it), with the extension
 * its content shows — an XLSX is a ZIP — rather than the one it was given.
 */
async function importUpload(context: RouteContext, request: FastifyRequest): Promise<ImportReport> {
  const limits = context.deps.importLimits ?? DEFAULT_TABLE_LIMITS;
  const folder = await mkdtemp(join(tmpdir(), 'ocop-upload-'));
  try {
    const upload = await receive(request, folder, limits);
    if (upload.kind !== 'products' && upload.kind !== 'listings')
      throw new UploadError(400, 'kind is products or listings');
    if (upload.kind === 'listings' && !context.deps.adapters)
      throw new UploadError(400, 'listing import needs the marketplaces configured');
    const name = `${upload.name}.${(await isZip(upload.path)) ? 'xlsx' : 'csv'}`;
    const path = join(folder, name);
    await rename(upload.path, path);
    const by = (request.user as User).displayName;
    const report =
      upload.kind === 'products'
        ? await importProducts(context.deps.db, path, { source: `upload:${name}`, limits })
        : await importListings(context.deps.db, path, context.deps.adapters ?? [], { now: context.now(), by, limits });
    // The temporary folder is ours, not the official's: messages name the file as uploaded.
    const named = (text: string) => text.split(path).join(name);
    return { ...report, file: name, problems: report.problems.map((p) => ({ ...p, problem: named(p.problem) })) };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/**
 * Registry and listing import by upload (admins), with the row-by-row validation report. Multipart
 * is parsed here only — any other route answers a multipart body 415 unread — and only after the
 * session (onRequest) and the role (preHandler); the file part only after the CSRF token.
 */
export async function registryImportRoutes(app: FastifyInstance, context: RouteContext): Promise<void> {
  const adminOnly = context.only(['admin'], {
    vi: 'Chỉ quản trị viên được nhập danh mục.',
    en: 'Only an admin imports the registry.',
  });
  const title = (request: FastifyRequest) => t(request.lang, 'Nhập danh mục', 'Import the registry');
  const form = (request: FastifyRequest, report: ImportReport | null) =>
    importPage(request.lang, request.csrf ?? '', Boolean(context.deps.adapters), report);
  const limits = context.deps.importLimits ?? DEFAULT_TABLE_LIMITS;

  // The templates, downloadable from the import page: the headers the importer reads, in Vietnamese,
  // as UTF-8 with a BOM so Excel shows the diacritics.
  const templates: Array<[string, Record<string, readonly string[]>]> = [
    ['mau-san-pham.csv', PRODUCT_FIELDS],
    ['mau-tin-dang.csv', LISTING_FIELDS],
  ];
  for (const [file, fields] of templates)
    app.get(`/registry/template/${file}`, { preHandler: adminOnly }, async (_request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file}"`)
        .send(
          `\uFEFF${Object.values(fields)
            .map((names) => names[0])
            .join(',')}\r\n`,
        ),
    );
  app.get('/registry/import', { preHandler: adminOnly }, async (request, reply) =>
    context.render(reply, request, title(request), form(request, null)),
  );
  await app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: limits.maxFileBytes, files: 1, fields: 4, parts: 6, fieldSize: 1024, headerPairs: 50 },
    });
    // One upload at a time; the slot is taken before a byte of the body is read.
    const gate = new UploadGate(context.deps.uploadWaitMs === undefined ? {} : { waitMs: context.deps.uploadWaitMs });
    const run = async (request: FastifyRequest) => {
      const leave = await gate.enter();
      if (!leave) return busy(request.lang);
      try {
        return await importUpload(context, request);
      } catch (error) {
        if (error instanceof UploadError) return error;
        throw error;
      } finally {
        leave();
      }
    };
    const refused = (reply: FastifyReply, error: UploadError) =>
      error.retryAfter === undefined ? reply : reply.header('retry-after', String(error.retryAfter));
    scope.post('/registry/import', { preHandler: adminOnly }, async (request, reply) => {
      const result = await run(request);
      if (result instanceof UploadError)
        return context.deny(request, refused(reply, result), result.status, result.message);
      // 200 with the report even when rows were refused: the page is the answer the official reads.
      return context.render(
        reply.code(result.fileRejected ? 422 : 200),
        request,
        title(request),
        form(request, result),
      );
    });
    scope.post('/api/registry/import', { preHandler: adminOnly }, async (request, reply) => {
      const result = await run(request);
      if (result instanceof UploadError)
        return refused(reply, result).code(result.status).send({ error: result.message });
      return reply.code(result.fileRejected ? 422 : 200).send(result);
    });
  });
}
