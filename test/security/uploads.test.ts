import { execFile } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashboardClient } from '../dashboard-client.ts';
import { type ServedStore, servedStore } from './dashboard-on-store.ts';

const run = promisify(execFile);
const CLI = new URL('../../workers/src/cli/main.ts', import.meta.url).pathname;
const EXAMPLE_CSV = new URL('../../examples/san-pham-mau.csv', import.meta.url).pathname;
const BOUNDARY = 'ocop-boundary';

let dir = '';
let bomb = '';
let served: ServedStore;

/**
 * An XLSX that is small on the wire and huge unpacked: 25,000 rows of the same long text
 * (about 1.5 MB as a file, about 100 MB of sheet XML) — what killed the dashboard before.
 */
async function writeBomb(file: string): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useSharedStrings: false,
    useStyles: false,
  });
  const sheet = workbook.addWorksheet('Sản phẩm');
  sheet.addRow(['Mã sản phẩm quốc gia', 'Tên sản phẩm']).commit();
  const text = 'Sản phẩm OCOP '.repeat(20);
  for (let i = 0; i < 25_000; i += 1) sheet.addRow(Array.from({ length: 10 }, () => text)).commit();
  await sheet.commit();
  await workbook.commit();
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ocop-uploads-'));
  bomb = join(dir, 'bom.xlsx');
  await writeBomb(bomb);
  served = await servedStore({
    importLimits: {
      maxFileBytes: 2 * 1024 * 1024,
      maxUncompressedBytes: 20 * 1024 * 1024,
      maxRows: 50_000,
      maxCells: 1_000_000,
    },
  });
}, 60_000);
afterAll(async () => {
  await served.close();
});

/** A multipart body whose parts go out in order, then a file part that sends `lead` bytes and stalls forever. */
function stallingUpload(fields: Record<string, string>, lead = 256 * 1024): { body: Readable; stop(): void } {
  let stop: () => void = () => {};
  const stalled = new Promise<void>((resolve) => {
    stop = resolve;
  });
  async function* parts() {
    for (const [name, value] of Object.entries(fields))
      yield Buffer.from(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
    yield Buffer.from(
      `--${BOUNDARY}\r\ncontent-disposition: form-data; name="file"; filename="a.csv"\r\ncontent-type: text/csv\r\n\r\n`,
    );
    yield Buffer.alloc(lead, 0x61);
    await stalled; // the rest never comes: a server that reads the whole body first never answers
  }
  return { body: Readable.from(parts()), stop: () => stop() };
}

async function postStalling(path: string, cookie: string, fields: Record<string, string>): Promise<number> {
  const upload = stallingUpload(fields);
  try {
    const response = await request(`${served.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, ...(cookie ? { cookie } : {}) },
      body: upload.body,
      headersTimeout: 5_000,
    });
    await response.body.dump();
    return response.statusCode;
  } finally {
    upload.stop();
  }
}

/** A complete multipart upload of `file` (or of `bytes`) to the import API, with the session's CSRF token first. */
async function upload(client: DashboardClient, bytes: Buffer, filename: string, headers: Record<string, string> = {}) {
  const head = Buffer.from(
    `--${BOUNDARY}\r\ncontent-disposition: form-data; name="_csrf"\r\n\r\n${client.csrf}\r\n` +
      `--${BOUNDARY}\r\ncontent-disposition: form-data; name="kind"\r\n\r\nproducts\r\n` +
      `--${BOUNDARY}\r\ncontent-disposition: form-data; name="file"; filename="${filename}"\r\ncontent-type: application/octet-stream\r\n\r\n`,
  );
  const response = await request(`${served.base}/api/registry/import`, {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, cookie: client.cookie, ...headers },
    body: Buffer.concat([head, bytes, Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]),
  });
  return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> };
}

describe('uploads: parsed only on the import routes, after session, role and CSRF', () => {
  it('an anonymous multipart body to /login is refused (415) without being read', { timeout: 20_000 }, async () => {
    expect(await postStalling('/login', '', { username: 'admin', password: 'x' })).toBe(415);
  });

  it('a logged-in viewer’s upload is refused (403) before its body is read; so is any other route’s multipart', {
    timeout: 20_000,
  }, async () => {
    const viewer = new DashboardClient(served.base);
    await viewer.login('viewer');
    expect(await postStalling('/api/registry/import', viewer.cookie, { _csrf: viewer.csrf })).toBe(403);
    expect(await postStalling('/api/alerts/1/review', viewer.cookie, { _csrf: viewer.csrf })).toBe(415);
  });

  it('an admin’s upload without the CSRF token before the file is refused (403) before the file is read', {
    timeout: 20_000,
  }, async () => {
    const admin = new DashboardClient(served.base);
    await admin.login('admin');
    expect(await postStalling('/api/registry/import', admin.cookie, { kind: 'products' })).toBe(403);
    expect(await postStalling('/api/registry/import', admin.cookie, { _csrf: 'forged', kind: 'products' })).toBe(403);
  });
});

describe('uploads: files past the import limits are refused whole, with the limit named', () => {
  it('an XLSX that expands to 100 MB is refused at once, and the dashboard goes on answering', {
    timeout: 60_000,
  }, async () => {
    expect(statSync(bomb).size).toBeLessThan(2 * 1024 * 1024);
    const admin = new DashboardClient(served.base);
    await admin.login('admin');
    const answer = await upload(admin, readFileSync(bomb), 'danh-muc.xlsx');
    expect(answer.status).toBe(422);
    expect(JSON.stringify(answer.body.problems)).toContain(
      'expands to more than 20 MB when unpacked (import.maxUncompressedBytes)',
    );
    expect((await request(`${served.base}/health`)).statusCode).toBe(200);
    // The sample registry still imports afterwards.
    const good = await upload(admin, readFileSync(EXAMPLE_CSV), 'san-pham.csv');
    expect(good.status).toBe(200);
    expect(good.body.created).toBeGreaterThan(0);
  });

  it('a file over the size limit is cut off and refused (413)', { timeout: 20_000 }, async () => {
    const admin = new DashboardClient(served.base);
    await admin.login('admin');
    const answer = await upload(admin, Buffer.alloc(3 * 1024 * 1024, 0x61), 'lon.csv');
    expect(answer.status).toBe(413);
    expect(answer.body.error).toMatch(/larger than 2 MB \(import\.maxFileBytes\)/u);
  });

  it('the same limits in the CLI: the bomb and a CSV past its row limit change nothing, exit 2, and say which limit', {
    timeout: 120_000,
  }, async () => {
    const config = join(dir, 'limits.yaml');
    writeFileSync(config, 'import:\n  maxRows: 3\n');
    const cli = (file: string) =>
      run(process.execPath, [CLI, '--config', config, 'import', 'products', file], {
        cwd: dir,
        env: { ...process.env, LOG_LEVEL: 'warn' },
      }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
      );
    const bombed = await cli(bomb);
    expect(bombed.code).toBe(2);
    expect(bombed.stderr).toContain('expands to more than 20 MB when unpacked (import.maxUncompressedBytes)');
    const long = await cli(EXAMPLE_CSV);
    expect(long.code).toBe(2);
    expect(long.stderr).toContain('has more than 3 data rows (import.maxRows)');
  });
});
