import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MultipartFile } from '@fastify/multipart';
import { type ImportReport, importListings, importProducts } from '@ocop-monitor/monitor';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { User } from '../accounts.ts';
import type { RouteContext } from '../context.ts';
import { importPage } from '../import-page.ts';
import { t } from '../layout.ts';

/** A province's registry is a few thousand rows; 20 MB leaves room for XLSX formatting. */
export const UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024;

type UploadBody = Record<string, { value?: unknown } | MultipartFile | undefined>;

/** The file's own name, without folders or odd characters, for the report and the importer's messages. */
const cleanName = (name: string) =>
  (name.split(/[\\/]/u).pop() ?? 'upload')
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} ._-]/gu, '_')
    .slice(0, 120) || 'upload';

/**
 * An uploaded file through the same importers as `ocop-monitor import`: it is written to a private
 * temporary folder under its own name (so the report names it as the official knows it), with the
 * extension its content shows — an XLSX is a ZIP — rather than the one it was given.
 */
async function importUpload(context: RouteContext, request: FastifyRequest): Promise<ImportReport | { error: string }> {
  const body = (request.body ?? {}) as UploadBody;
  const file = body.file as MultipartFile | undefined;
  const kind = (body.kind as { value?: unknown } | undefined)?.value ?? 'products';
  if (!file || typeof (file as MultipartFile).toBuffer !== 'function') return { error: 'choose a CSV or XLSX file' };
  if (kind !== 'products' && kind !== 'listings') return { error: 'kind is products or listings' };
  if (kind === 'listings' && !context.deps.adapters)
    return { error: 'listing import needs the marketplaces configured' };
  const bytes = await file.toBuffer();
  if (bytes.length === 0) return { error: 'the file is empty' };
  const isZip = bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  const name = `${cleanName(file.filename).replace(/\.(csv|xlsx|xls|txt)$/iu, '')}.${isZip ? 'xlsx' : 'csv'}`;
  const folder = await mkdtemp(join(tmpdir(), 'ocop-upload-'));
  const path = join(folder, name);
  try {
    await writeFile(path, bytes, { mode: 0o600 });
    const by = (request.user as User).displayName;
    const report =
      kind === 'products'
        ? await importProducts(context.deps.db, path, { source: `upload:${name}` })
        : await importListings(context.deps.db, path, context.deps.adapters ?? [], { now: context.now(), by });
    // The temporary folder is ours, not the official's: messages name the file as uploaded.
    const named = (text: string) => text.split(path).join(name);
    return { ...report, file: name, problems: report.problems.map((p) => ({ ...p, problem: named(p.problem) })) };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Registry and listing import by upload (admins), with the row-by-row validation report. */
export function registryImportRoutes(app: FastifyInstance, context: RouteContext): void {
  const adminOnly = context.only(['admin'], 'only an admin imports the registry');
  const title = (request: FastifyRequest) => t(request.lang, 'Nhập danh mục', 'Import the registry');
  const form = (request: FastifyRequest, report: ImportReport | null) =>
    importPage(request.lang, request.csrf ?? '', Boolean(context.deps.adapters), report);

  app.get('/registry/import', { preHandler: adminOnly }, async (request, reply) =>
    context.render(reply, request, title(request), form(request, null)),
  );
  app.post('/registry/import', { preHandler: adminOnly }, async (request, reply) => {
    const result = await importUpload(context, request);
    if ('error' in result) return context.deny(request, reply, 400, result.error);
    // 200 with the report even when rows were refused: the page is the answer the official reads.
    return context.render(reply.code(result.fileRejected ? 422 : 200), request, title(request), form(request, result));
  });
  app.post('/api/registry/import', { preHandler: adminOnly }, async (request, reply) => {
    const result = await importUpload(context, request);
    if ('error' in result) return reply.code(400).send(result);
    return reply.code(result.fileRejected ? 422 : 200).send(result);
  });
}
