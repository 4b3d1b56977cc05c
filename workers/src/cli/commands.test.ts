import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const CLI = new URL('./main.ts', import.meta.url).pathname;
const EXAMPLES = new URL('../../../examples/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'ocop-cli-'));
const config = join(dir, 'local.yaml');
writeFileSync(
  config,
  `dataDir: "${join(dir, 'pglite')}"\nreport:\n  department: Sở Công Thương tỉnh Quảng Trị\n  province: Quảng Trị\n`,
);

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL; // this user's laptop: the embedded store under dataDir
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, '--config', config, ...args], {
      env,
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('help and mistyped commands', () => {
  it('help is bilingual and exits 0; an unknown command or option is named, with exit code 2', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Keeps OCOP products visible on e-commerce marketplaces.');
    expect(help.stdout).toContain('Xem và xử lý cảnh báo / Review alerts');
    const unknown = await cli('alert', 'list');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'alert'");
    const option = await cli('alerts', 'list', '--stat', 'open');
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("unknown option '--stat'");
  }, 60_000);
});

describe('registry, review and report commands on a fresh laptop store', () => {
  it('imports products and listings, and says what was wrong with a bad file (exit codes 0 and 2)', async () => {
    const products = await cli('import', 'products', `${EXAMPLES}san-pham-mau.csv`);
    expect(products).toMatchObject({ code: 0 });
    expect(products.stdout).toContain('5 dòng/rows read, 5 mới/new, 0 cập nhật/updated, 0 bị loại/rejected');
    const binary = join(dir, 'danh-sach.csv');
    writeFileSync(binary, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]));
    const bad = await cli('import', 'products', binary);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('binary data');
    const listings = await cli('import', 'listings', `${EXAMPLES}tin-dang-mau.csv`);
    expect(listings).toMatchObject({ code: 0 });
    expect(listings.stdout).toContain('5 mới/new');
  }, 120_000);

  it('reports coverage as of a date with its denominator rule, in every format', async () => {
    const json = await cli('report', 'coverage', '--date', '2026-01-15', '--format', 'json');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    // 100234's certificate (20/06/2022) ended after 36 months: it leaves the denominator
    expect(report).toMatchObject({ date: '2026-01-15', denominator: 4, covered: 0, target: 100 });
    expect(report.denominatorRule).toContain('15/01/2026');
    expect(report.gap).toHaveLength(4);
    const table = await cli('report', 'coverage', '--date', '2026-01-15');
    expect(table.stdout).toContain('Tổng / overall: 0/4 = 0,0 %');
    const out = join(dir, 'bao-cao.xlsx');
    expect((await cli('report', 'coverage', '--date', '2026-01-15', '--format', 'xlsx', '--out', out)).code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toContain('gap');
    // The report sent upward, headed by the configured department, and the same figures as open data.
    const upward = join(dir, 'bao-cao-gui-len.xlsx');
    expect((await cli('report', 'coverage', '--date', '2026-01-15', '--format', 'report', '--out', upward)).code).toBe(
      0,
    );
    const sent = new ExcelJS.Workbook();
    await sent.xlsx.readFile(upward);
    // Headed as Nghị định 30/2020 heads it; the date line is the day it is issued (today), the month's figures of --date.
    expect(sent.getWorksheet('Tổng hợp')?.getCell('A2').value).toBe('SỞ CÔNG THƯƠNG TỈNH QUẢNG TRỊ');
    expect(sent.getWorksheet('Tổng hợp')?.getCell('B3').value).toMatch(
      /^Quảng Trị, ngày \d{2} tháng (0[12]|[3-9]|1[0-2]) năm \d{4}$/u,
    );
    expect(sent.getWorksheet('Tổng hợp')?.getCell('A6').value).toContain('tháng 01 năm 2026');
    const word = join(dir, 'bao-cao.docx');
    expect((await cli('report', 'coverage', '--date', '2026-01-15', '--format', 'docx', '--out', word)).code).toBe(0);
    expect(readFileSync(word).subarray(0, 2).toString()).toBe('PK'); // a zip, as Word saves
    expect(sent.getWorksheet('Cần đưa lên sàn')?.rowCount).toBe(2 + 4);
    const open = JSON.parse((await cli('report', 'coverage', '--date', '2026-01-15', '--format', 'open-json')).stdout);
    expect(open.rows[0]).toEqual({
      ngay: '2026-01-15',
      phan_loai: 'tong',
      ma: '',
      ten: 'Toàn tỉnh',
      so_san_pham: 4,
      co_tren_san: 0,
      ty_le: 0,
    });
    expect((await cli('report', 'coverage', '--format', 'report')).stderr).toContain('--format report needs --out');
    expect((await cli('report', 'coverage', '--format', 'pdf')).stderr).toContain(
      '--format is one of table, csv, json, xlsx, report, docx, open-csv, open-json',
    );
    expect(existsSync(out)).toBe(true);
  }, 120_000);

  it('refuses to review an alert that does not exist', async () => {
    expect((await cli('alerts', 'list')).stdout).toContain('no alerts');
    const review = await cli('alerts', 'dismiss', '999', '--by', 'Nguyễn Văn A');
    expect(review.code).toBe(2);
    expect(review.stderr).toContain('no alert #999');
  }, 60_000);
});

describe('ocop-monitor doctor', () => {
  it('names a marketplace that is not configured and a sample out of range, with exit code 2', async () => {
    const unknown = await cli('doctor', '--marketplace', 'lazada');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--marketplace lazada is not configured: voso, postmart, tiki');
    const sample = await cli('doctor', '--sample', '0');
    expect(sample.code).toBe(2);
    expect(sample.stderr).toContain('--sample is a number of pages per marketplace, 1 to 200');
    const url = await cli('doctor', '--url', 'https://example.com/a.html');
    expect(url.code).toBe(2);
    expect(url.stderr).toContain('https://example.com/a.html is not a product page of a configured marketplace');
  }, 60_000);

  it('--suggest-layout prints a floor layout to copy from captured pages, with the conformance kit passed on it', async () => {
    // A folder as `doctor --capture` leaves it: pages of a floor no config here describes.
    const folder = join(dir, 'captured', 'floor-hatinh');
    mkdirSync(folder, { recursive: true });
    const pages = [
      ['/sp/mat-ong-u-minh-88', 'product-88.html'],
      ['/sp/tra-xanh-huong-son-120', 'product-120.html'],
      ['/sp/ruou-nep-45', 'removed-45.html'],
    ].map(([path, file]) => {
      copyFileSync(
        new URL(`../../../packages/adapters/src/calibrate/fixtures/${file}`, import.meta.url),
        join(folder, file ?? ''),
      );
      const url = `https://sanhatinh.example${path}`;
      return {
        url,
        finalUrl: url,
        status: 200,
        headers: {},
        capturedAt: '2026-12-01T02:00:00.000Z',
        verdict: 'unknown',
        matchedRule: 'x',
        file,
      };
    });
    writeFileSync(join(folder, 'captured.json'), JSON.stringify(pages));
    const proposed = await cli('doctor', '--suggest-layout', join(dir, 'captured'));
    expect(proposed.code, proposed.stderr).toBe(0);
    expect(proposed.stdout).toContain('id: floor-hatinh');
    expect(proposed.stdout).toContain('baseUrl: https://sanhatinh.example');
    expect(proposed.stdout).toContain('container: section.pdp-main');
    expect(proposed.stdout).toMatch(/conformance kit: (\d+)\/\1 đạt/u);
    expect(proposed.stdout).toContain(
      'https://sanhatinh.example/sp/ruou-nep-45: bị gỡ / removed (message: "Sản phẩm đã ngừng kinh doanh")',
    );

    const empty = await cli('doctor', '--suggest-layout', join(dir, 'no-such-folder'));
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('holds no captured.json');
    // A removed sample for the doctor must be a product page of a configured marketplace.
    const stray = await cli('doctor', '--removed', 'https://sanhatinh.example/sp/ruou-nep-45');
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain(
      '--removed https://sanhatinh.example/sp/ruou-nep-45 is not a product page of a configured marketplace',
    );
  }, 60_000);
});

describe('ocop-monitor notify', () => {
  it('shows the outbox; sending and testing say how to turn notifications on', async () => {
    const outbox = await cli('notify', 'outbox');
    expect(outbox).toMatchObject({ code: 0 });
    expect(outbox.stdout).toContain('the outbox is empty');
    expect(JSON.parse((await cli('notify', 'outbox', '--json')).stdout)).toEqual([]);
    const send = await cli('notify', 'send');
    expect(send.code).toBe(2);
    expect(send.stderr).toContain('notifications are off: set notify.enabled');
    const wrongState = await cli('notify', 'outbox', '--state', 'lost');
    expect(wrongState.code).toBe(2);
    expect(wrongState.stderr).toContain('--state is one of pending');
  }, 120_000); // four CLI processes, each opening the embedded store: ~5 s apiece on a loaded CI machine
});

describe('ocop-monitor registry sync', () => {
  it('without registry.national says what to configure (exit 2); the demo syncs with the sandbox and misses nothing', async () => {
    const unconfigured = await cli('registry', 'sync');
    expect(unconfigured.code).toBe(2);
    expect(unconfigured.stderr).toContain('registry.national');
    const { code, stdout } = await cli('demo', '--days', '14', '--products', '60', '--sync-registry', '--json');
    expect(code).toBe(0);
    const { registry } = JSON.parse(stdout) as {
      registry: { syncs: number; found: Record<string, number>; truth: Record<string, number>; missed: number };
    };
    expect(registry.syncs).toBe(3); // day 0, 7 and 14
    expect(registry.missed).toBe(0);
    for (const [kind, n] of Object.entries(registry.truth)) expect([kind, registry.found[kind]]).toEqual([kind, n]);
  }, 120_000);
});

describe('ocop-monitor demo', () => {
  it('prints the days, the detection scores and what the requests cost, in both languages', async () => {
    const { code, stdout, stderr } = await cli('demo', '--days', '2', '--products', '20');
    expect(code).toBe(0);
    // What a person reads: dd/mm/yyyy and the decimal comma, never 2026-01-05 nor "78.3%".
    expect(stderr).toMatch(/ngày {3}1 \d{2}\/\d{2}\/\d{4} {2}độ phủ +\d+(,\d)? % \(thực tế \d+(,\d)? %\)/u);
    expect(stdout).toMatch(/Độ phủ \/ coverage: \d+(,\d)? % \(\d{2}\/\d{2}\/\d{4}\) → \d+(,\d)? %/u);
    expect(stdout).toMatch(/precision \d,\d{2}, recall \d,\d{2}/u);
    expect(`${stdout}${stderr}`).not.toMatch(/\d{4}-\d{2}-\d{2}|\d\.\d+ ?%/u);
    expect(stdout).toMatch(
      /Sản phẩm \/ products 20, tin đăng theo dõi \/ listings monitored \d+, 2 ngày trong \d+ giây \/ 2 days/u,
    );
    expect(stdout).toMatch(/Phát hiện \/ detection listing_delisted: TP \d+, FP 0, FN 0/u);
    expect(stdout).toMatch(/requests to the marketplaces: [\d.]+ for [\d.]+ checks \(\d,\d+ per listing/u);
    // The default world has no shop of ten listings: no "0 requests per listing" over nothing.
    expect(stdout).toContain('shops of 10+ listings: none in this world (--products-per-producer 30 makes them)');
  }, 120_000);
});

describe('ocop-monitor demo --json', () => {
  it('prints one object with days, products, listings, coverage, alerts and detection', async () => {
    const { code, stdout } = await cli('demo', '--days', '3', '--products', '30', '--seed', '4', '--json');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ days: 3, products: 30 });
    expect(result.listings).toBeGreaterThan(20);
    expect(result.coverage.first.ours).toBe(result.coverage.first.truth);
    for (const kind of ['delisted', 'zeroSales', 'outOfStock']) {
      expect(Object.keys(result.detection[kind]).sort()).toEqual([
        'falseNegatives',
        'falsePositives',
        'precision',
        'recall',
        'truePositives',
        'undecidable',
      ]);
    }
    expect(result.massDelisting).toEqual([]);
    // Each check of the four marketplaces' listings costs one request (no faults, so no retry);
    // besides, each run asks each of them once for an address no product has, and robots.txt once.
    // (The open platforms' listings are served by their own simulators, counted apart.)
    expect(result.http.checks).toBeGreaterThan(result.listings * 2);
    expect(result.http.requestsPerListing).toBeGreaterThanOrEqual(1);
    expect(result.http.requests).toBeLessThanOrEqual(result.http.checks + 4 * 3 + 4);
    expect(Object.keys(result.notifications).sort()).toEqual(
      ['byKind', 'deferred', 'failed', 'fellBack', 'falseAlarmsToProducers', 'received', 'sent', 'uncertain'].sort(),
    );
    expect(result.notifications.falseAlarmsToProducers).toBe(0);
    expect(result.detection.delisted.falsePositives).toBe(0);
  }, 120_000);
});
