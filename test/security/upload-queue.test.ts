import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { DashboardClient } from '../dashboard-client.ts';
import { type ServedStore, servedStore } from './dashboard-on-store.ts';

const EXAMPLE_CSV = readFileSync(new URL('../../examples/san-pham-mau.csv', import.meta.url).pathname);
const BOUNDARY = 'ocop-boundary';

let served: ServedStore | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

const head = (csrf: string) =>
  Buffer.from(
    `--${BOUNDARY}\r\ncontent-disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n` +
      `--${BOUNDARY}\r\ncontent-disposition: form-data; name="kind"\r\n\r\nproducts\r\n` +
      `--${BOUNDARY}\r\ncontent-disposition: form-data; name="file"; filename="san-pham.csv"\r\ncontent-type: text/csv\r\n\r\n`,
  );

/** The sample registry uploaded whole, to the API or the page: status, Retry-After and the answer. */
async function upload(base: string, admin: DashboardClient, path = '/api/registry/import') {
  const response = await request(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, cookie: admin.cookie },
    body: Buffer.concat([head(admin.csrf), EXAMPLE_CSV, Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]),
  });
  return { status: response.statusCode, retryAfter: response.headers['retry-after'], body: await response.body.text() };
}

/** An admin's upload that sends its file's first bytes and then nothing: it holds its turn. */
function stalledUpload(base: string, admin: DashboardClient): { stop(): void; answered: Promise<unknown> } {
  let stop: () => void = () => {};
  const stalled = new Promise<void>((resolve) => {
    stop = resolve;
  });
  async function* body() {
    yield head(admin.csrf);
    yield EXAMPLE_CSV.subarray(0, 100);
    await stalled;
  }
  const answered = request(`${base}/api/registry/import`, {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, cookie: admin.cookie },
    body: Readable.from(body()),
  }).then(
    (response) => response.body.dump(),
    () => undefined,
  );
  return { stop: () => stop(), answered };
}

describe('uploads are imported one at a time', () => {
  it('while one upload is being read, 16 more are turned away with 503, Retry-After and a Vietnamese reason; the next one after it goes in', {
    timeout: 60_000,
  }, async () => {
    served = await servedStore({ uploadWaitMs: 300 });
    const base = served.base;
    const admin = new DashboardClient(base);
    await admin.login('admin');
    const holder = stalledUpload(base, admin);
    // Until the stalled upload holds the turn, a probe may still get in (and import the sample).
    for (let i = 0; (await upload(base, admin)).status !== 503; i += 1) expect(i).toBeLessThan(100);
    const answers = await Promise.all(Array.from({ length: 16 }, () => upload(base, admin)));
    for (const answer of answers) {
      expect(answer.status).toBe(503);
      expect(answer.retryAfter).toBe('30');
      expect(JSON.parse(answer.body).error).toContain('Đang nhập một tệp khác');
    }
    const page = await upload(base, admin, '/registry/import');
    expect([page.status, page.retryAfter]).toEqual([503, '30']);
    expect(page.body).toContain('mỗi lần chỉ nhập một tệp');
    holder.stop();
    await holder.answered;
    expect((await upload(base, admin)).status).toBe(200);
  });

  it('16 uploads at once: each imports in its turn or is asked to come back; none fails', {
    timeout: 120_000,
  }, async () => {
    served = await servedStore();
    const admin = new DashboardClient(served.base);
    await admin.login('admin');
    const base = served.base;
    const answers = await Promise.all(Array.from({ length: 16 }, () => upload(base, admin)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    // Each went in whole or was asked back: no error, no half-import.
    expect(statuses).toContain(200);
    for (const answer of answers.filter((a) => a.status === 503)) expect(answer.retryAfter).toBe('30');
    expect((await request(`${base}/health`)).statusCode).toBe(200);
  });
});
