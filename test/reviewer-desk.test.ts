import { addUser } from '@ocop-monitor/dashboard';
import {
  ALERT_TYPES,
  alertHistory,
  type CoverageReport,
  computeCoverage,
  createCoverageCache,
  formatDate,
  formatPercent,
  listAlerts,
  queryRows,
} from '@ocop-monitor/monitor';
import { foldForSms } from '@ocop-monitor/notify';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashboardClient as Client, DEFAULT_PASSWORD } from './dashboard-client.ts';
import { type DashboardWorld, dashboardWorld } from './dashboard-world.ts';

let setup: DashboardWorld;
const EXTRA_ALERTS = 60;

beforeAll(async () => {
  setup = await dashboardWorld(73, async (w) => {
    await addUser(w.store.db, {
      username: 'lan',
      displayName: 'Nguyễn Thị Lan',
      password: DEFAULT_PASSWORD,
      role: 'reviewer',
    });
    // Enough certificate alerts for more than one page of the queue.
    await w.store.db.execute(
      sql`insert into alerts (type, subject, product_id, severity, state, opened_at, updated_at, evidence)
          select 'certificate_expiring', 'test:' || g, p.id, 'warn', 'open', now() - interval '2 days', now() - interval '2 days',
                 jsonb_build_object('name', p.name, 'expiryDate', '2027-01-15', 'daysLeft', 44)
          from generate_series(1, ${EXTRA_ALERTS}) g
          join lateral (select id, name from products order by id offset (g % 5) limit 1) p on true`,
    );
  });
}, 180_000);

afterAll(async () => {
  await setup?.close();
});

/** What a person sees: the text of the page, without the raw data kept for technicians. */
const visibleText = (page: string) =>
  page
    .replace(/<details>[\s\S]*?<\/details>/gu, '')
    .replace(/<[^>]*>/gu, ' ')
    .replace(
      /&(quot|amp|lt|gt|#39);/gu,
      (_, name: string) => ({ quot: '"', amp: '&', lt: '<', gt: '>', '#39': "'" })[name] ?? '',
    )
    .replace(/\s+/gu, ' ');

const CODES = new RegExp(
  `\\b(${[...ALERT_TYPES, 'open', 'confirmed', 'dismissed', 'snoozed', 'critical', 'warn'].join('|')})\\b`,
  'u',
);

let session: Client | undefined;
/** One reviewer's session for the whole file, as a clerk keeps one open (and the login limit stays untouched). */
async function reviewer(): Promise<Client> {
  if (!session) {
    session = new Client(setup.base);
    await session.login('lan');
  }
  return session;
}

async function delistingAlert() {
  const [alert] = await listAlerts(setup.world.store.db, { type: 'listing_delisted', state: 'live' });
  if (!alert?.listingId) throw new Error('the world has no delisting alert');
  const [about] = await queryRows<{ product: string; producer: string; commune: string; marketplace: string }>(
    setup.world.store.db,
    sql`select p.name as product, pr.name as producer, p.commune_name as commune, l.marketplace
        from listings l join products p on p.id = l.product_id join producers pr on pr.id = p.producer_id
        where l.id = ${alert.listingId}`,
  );
  if (!about) throw new Error('the alert has no listing');
  return {
    alert,
    about,
    where: setup.world.runtime.adapters.find((a) => a.id === about.marketplace)?.displayName ?? '',
  };
}

describe("the reviewer's desk", () => {
  it('the queue speaks Vietnamese: product, producer, commune by name, marketplace by name, what happened in a sentence', async () => {
    const { about, where } = await delistingAlert();
    expect(about.commune).toBeTruthy(); // the sandbox registry carries commune names, and the import keeps them
    const page = (await (await reviewer()).call('GET', '/alerts?type=listing_delisted')).body;
    const text = visibleText(page);
    expect(text).toContain(about.product);
    expect(text).toContain(about.producer);
    expect(text).toContain(about.commune);
    expect(text).toContain(where);
    expect(text).toContain('Bị gỡ khỏi sàn');
    expect(text).toContain(`${where} trả lời đúng trang “không tìm thấy sản phẩm” của chính sàn cho địa chỉ này`);
    expect(text).not.toMatch(CODES);
    const english = visibleText((await (await reviewer()).call('GET', '/alerts?type=listing_delisted&lang=en')).body);
    expect(english).toContain('Removed from the marketplace');
    expect(english).toContain(`${where} answers this address with its own not-found page`);
  });

  it('filters by marketplace and commune narrow the queue; pages hold 50, and the next page has the rest', async () => {
    const client = await reviewer();
    const { about } = await delistingAlert();
    const other = setup.world.runtime.adapters.find((a) => a.id !== about.marketplace)?.id ?? '';
    const [commune] = await queryRows<{ code: string }>(
      setup.world.store.db,
      sql`select commune_code as code from products where commune_name = ${about.commune} limit 1`,
    );
    const mine = visibleText(
      (
        await client.call(
          'GET',
          `/alerts?type=listing_delisted&marketplace=${about.marketplace}&commune=${commune?.code}`,
        )
      ).body,
    );
    expect(mine).toContain(about.product);
    const elsewhere = visibleText(
      (await client.call('GET', `/alerts?type=listing_delisted&marketplace=${other}`)).body,
    );
    expect(elsewhere).not.toContain(about.product);

    const [live] = await queryRows<{ n: number }>(
      setup.world.store.db,
      sql`select count(*)::int as n from alerts where resolved_at is null`,
    );
    const total = live?.n ?? 0;
    expect(total).toBeGreaterThan(EXTRA_ALERTS);
    const first = (await client.call('GET', '/alerts?view=all')).body;
    expect(first.match(/name="ids"/gu)?.length).toBe(50);
    expect(visibleText(first)).toContain(`1–50 trong ${total} cảnh báo · trang 1/${Math.ceil(total / 50)}`);
    expect(first).toContain('href="/alerts?view=all&amp;page=2"');
    const second = (await client.call('GET', '/alerts?view=all&page=2')).body;
    expect(second.match(/name="ids"/gu)?.length).toBe(Math.min(50, total - 50));
  });

  it("grouped by producer, each producer's alerts sit together under their name", async () => {
    const page = (await (await reviewer()).call('GET', '/alerts?type=certificate_expiring&group=producer')).body;
    const headings = [...page.matchAll(/<th colspan="4" scope="colgroup">([^<]+) \((\d+)\)<\/th>/gu)];
    expect(headings.length).toBeGreaterThan(1);
    expect(new Set(headings.map((h) => h[1])).size).toBe(headings.length); // no producer twice
    expect(headings.reduce((sum, h) => sum + Number(h[2]), 0)).toBe(page.match(/name="ids"/gu)?.length);
  });

  it('the alert page: the product and the finding, last on sale beside the removal, the messages before confirming', async () => {
    const { alert, about, where } = await delistingAlert();
    const page = (await (await reviewer()).call('GET', `/alerts/${alert.id}`)).body;
    expect(page).toContain(`<h1>${about.product}: Bị gỡ khỏi sàn</h1>`);
    const text = visibleText(page);
    const [before] = await queryRows<{ title: string }>(
      setup.world.store.db,
      sql`select data->>'title' as title from observations where listing_id = ${alert.listingId} and verdict = 'active'
          order by checked_at desc limit 1`,
    );
    expect(text).toContain('Lần cuối còn bán');
    expect(text).toContain(before?.title ?? 'no reading on sale');
    expect(text).toMatch(/Giá [\d.]+ ₫/u);
    // The evidence in words: what the page showed, why it counts, the page's text, the buyer's address.
    expect(text).toContain('Bằng chứng bị gỡ');
    expect(text).toContain(`Trang sàn hiện: ${where} trả lời đúng trang “không tìm thấy sản phẩm”`);
    expect(text).toContain('Vì sao tính là bị gỡ');
    // Why it counts, for this kind of rule seen on the real marketplace, and what would not count.
    expect(text).toContain(`${where} trả lời địa chỉ này bằng đúng trang “không tìm thấy” đã ghi lại từ chính sàn`);
    expect(text).toContain('một trang bị chặn hay quá hạn thì không được tính');
    expect(text).toContain('Địa chỉ người mua mở');
    expect(text).not.toContain('HTTP 404');
    expect(text).not.toMatch(/\(\w+\.not-found\)/u); // no rule code
    expect(page).not.toContain('Dành cho kỹ thuật'); // raw data is for admins only
    // The advice, and how to reach the producer (from the registry).
    expect(text).toContain('Nên làm gì');
    expect(text).toContain('Liên hệ chủ thể');
    // The buttons say what they do for a removal.
    expect(text).toContain('Xác nhận bị gỡ — gửi tin cho chủ thể');
    expect(text).toContain('Báo sai — vẫn còn bán, không gửi tin');
    // What the producer will read, on each channel, with the marketplace's name and not its id.
    expect(text).toContain('Tin chủ thể sẽ nhận');
    // The SMS as the channel sends it: folded to plain letters.
    expect(text).toContain(foldForSms(`[OCOP] "${about.product}" khong con hien thi tren ${where}`));
    expect(text).toContain(`Sản phẩm "${about.product}" không còn hiển thị trên ${where}`);
    expect(text).toContain(`marketplace ${where} since_date`); // Zalo's template parameter
    expect(text).not.toMatch(CODES);
  });

  it('a product-level alert shows no producer message and no removal box: there is nothing to compare', async () => {
    const [certificate] = await listAlerts(setup.world.store.db, { type: 'certificate_expiring', state: 'open' });
    const text = visibleText((await (await reviewer()).call('GET', `/alerts/${certificate?.id}`)).body);
    expect(text).toContain('Giấy chứng nhận OCOP hết hạn ngày 15/01/2027 (còn 44 ngày)');
    expect(text).not.toContain('Tin chủ thể sẽ nhận');
    expect(text).not.toContain('Bằng chứng bị gỡ');
  });

  it('bulk review: a certificate cannot be dismissed as false (refused, nothing changes, the note is kept); noted with one note, each audit trail in words', async () => {
    const client = await reviewer();
    const picked = (await listAlerts(setup.world.store.db, { type: 'certificate_expiring', state: 'open' })).slice(
      0,
      2,
    );
    expect(picked).toHaveLength(2);
    const queue = visibleText((await client.call('GET', '/alerts?view=certificates')).body);
    expect(queue).toContain('Đã ghi nhận, đã báo chủ thể');
    expect(queue).not.toContain('Báo sai');
    const trails = async () =>
      Promise.all(picked.map(async (a) => (await alertHistory(setup.world.store.db, a.id)).length));
    const before = await trails();
    const form = { _csrf: client.csrf, ids: picked.map((a) => String(a.id)), note: 'Đã gọi chủ thể làm hồ sơ' };
    const refused = await client.call('POST', '/alerts/review', { ...form, action: 'dismiss' });
    expect(refused.status).toBe(422);
    expect(visibleText(refused.body)).toContain('Việc này không áp dụng cho loại cảnh báo này');
    expect(refused.body).toContain('value="Đã gọi chủ thể làm hồ sơ"');
    expect(await trails()).toEqual(before); // all or nothing: neither alert changed
    const posted = await client.call('POST', '/alerts/review', { ...form, action: 'confirm' });
    expect(posted.status).toBe(302);
    for (const alert of picked) {
      const trail = await alertHistory(setup.world.store.db, alert.id);
      expect(trail.at(-1)).toMatchObject({
        actor: 'Nguyễn Thị Lan',
        action: 'confirm',
        note: 'Đã gọi chủ thể làm hồ sơ',
      });
      const text = visibleText((await client.call('GET', `/alerts/${alert.id}`)).body);
      expect(text).toContain('Nguyễn Thị Lan Xác nhận Chờ xem xét → Đã xác nhận Đã gọi chủ thể làm hồ sơ');
    }
  });

  it('a snooze without a date comes back in Vietnamese, naming the field and keeping the note', async () => {
    const client = await reviewer();
    const { alert } = await delistingAlert();
    const answer = await client.call('POST', `/alerts/${alert.id}/review`, {
      _csrf: client.csrf,
      action: 'snooze',
      note: 'Chờ HTX trả lời',
    });
    expect(answer.status).toBe(422);
    expect(answer.body).toMatch(/<input id="until" name="until" type="date" value="" aria-invalid="true"/u);
    expect(visibleText(answer.body)).toContain('Tạm hoãn cần một ngày trong tương lai ở ô “Hoãn đến”');
    expect(answer.body).toContain('value="Chờ HTX trả lời"');
    // A page that does not exist is the dashboard's own page, in words.
    const missing = await client.call('GET', '/khong-co-trang-nay');
    expect(missing.status).toBe(404);
    expect(visibleText(missing.body)).toContain('Không tìm thấy');
    expect(missing.body).toContain('<nav>');
  });

  it('the JSON API refuses a bad body with sentences naming each field, in Vietnamese (English when chosen), and changes nothing', async () => {
    const client = await reviewer();
    const { alert } = await delistingAlert();
    const before = (await alertHistory(setup.world.store.db, alert.id)).length;
    const answer = await client.call('POST', `/api/alerts/${alert.id}/review`, undefined, {
      action: 'hoãn',
      until: 'thứ hai tuần sau',
    });
    expect(answer.status).toBe(400);
    const problem = JSON.parse(answer.body) as { error: string; fields: string[] };
    expect(problem.fields.sort()).toEqual(['action', 'until']);
    expect(problem.error).toContain('Việc cần làm (action): Tùy chọn không hợp lệ');
    expect(problem.error).toContain('Hoãn đến (until):');
    expect(problem.error).toContain('hãy ghi ngày dạng yyyy-mm-dd');
    expect(problem.error).not.toMatch(/✖|→ at|Invalid/u);
    const english = await client.call('POST', `/api/alerts/${alert.id}/review?lang=en`, undefined, { action: 'hoãn' });
    expect((JSON.parse(english.body) as { error: string }).error).toMatch(/^What to do \(action\): Invalid option/u);
    await client.call('GET', '/?lang=vi'); // back to Vietnamese for the rest of the file
    expect(await alertHistory(setup.world.store.db, alert.id)).toHaveLength(before);
  });

  it('once the producer was told, the alert page says who, when, on which channel, with the message; the history and the outbox agree', async () => {
    const client = await reviewer();
    const { alert, about } = await delistingAlert();
    const sentAt = '2026-02-06T02:15:00Z';
    const [row] = await queryRows<{ id: number }>(
      setup.world.store.db,
      sql`insert into notifications (key, kind, alert_id, producer_id, recipient, channel, template_version, payload, state, attempts, not_before, sent_at)
          select ${`test-told-${alert.id}`}, 'alert', ${alert.id}, pr.id, '+84912345678', 'zns', 'v1', '{}'::jsonb, 'sent', 1, ${sentAt}, ${sentAt}
          from producers pr where pr.name = ${about.producer} limit 1 returning id`,
    );
    try {
      const page = (await client.call('GET', `/alerts/${alert.id}`)).body;
      const text = visibleText(page);
      expect(text).toContain('Chủ thể đã được báo');
      expect(text).toContain(`Đã báo ${about.producer} qua Zalo (+84912345678) lúc 06/02/2026 09:15`);
      expect(page).toContain(`href="/outbox?alert=${alert.id}#tin-${row?.id}"`);
      expect(text).toContain('Nội dung tin đã gửi');
      expect(text).not.toContain('Tin chủ thể sẽ nhận');
      expect(text).toContain('06/02/2026 09:15 Hệ thống Đã gửi tin cho chủ thể qua Zalo');
      const outbox = (await client.call('GET', `/outbox?alert=${alert.id}`)).body;
      expect(outbox).toContain(`<tr id="tin-${row?.id}">`);
      expect(outbox).toContain(`href="/alerts/${alert.id}"`);
      expect(visibleText(outbox)).toContain('06/02/2026 09:15');
    } finally {
      await setup.world.store.db.execute(sql`delete from notifications where key = ${`test-told-${alert.id}`}`);
    }
  });

  it('the queue opens on what waits for a decision, the other kinds a click away; Today counts what waits', async () => {
    const client = await reviewer();
    const page = (await client.call('GET', '/alerts')).body;
    expect(page).toContain('<h1>Cảnh báo: Cần quyết định</h1>');
    const [waiting] = await queryRows<{ n: number }>(
      setup.world.store.db,
      sql`select count(*)::int as n from alerts where resolved_at is null and state = 'open'
          and type in ('listing_delisted', 'listing_possibly_removed', 'marketplace_mass_delisting')`,
    );
    // The world has a removal waiting (the marketplace took a listing down): the count cannot be 0 = 0.
    expect(waiting?.n).toBeGreaterThan(0);
    expect(page.match(/name="ids"/gu)?.length).toBe(Math.min(50, Number(waiting?.n)));
    expect(page).not.toContain('Giấy chứng nhận OCOP hết hạn'); // certificates are one click away
    expect(page).toContain('href="/alerts?view=certificates"');
    const today = visibleText((await client.call('GET', '/')).body);
    expect(today).toContain(`${waiting?.n} cảnh báo chờ bạn quyết định`);
  });

  it('coverage by commune is read by commune name', async () => {
    const { about } = await delistingAlert();
    const text = visibleText((await (await reviewer()).call('GET', '/coverage')).body);
    expect(text).toMatch(new RegExp(`${about.commune} \\(\\d+\\)`, 'u'));
  });

  it('the home page says what changed since the previous run: the new removal in words, coverage, each marketplace in a line', async () => {
    const { alert, about, where } = await delistingAlert();
    const page = (await (await reviewer()).call('GET', '/')).body;
    expect(page).toContain('<h1>Hôm nay</h1>');
    const text = visibleText(page);
    const [latest, previous] = await queryRows<{ date: string; percent: number }>(
      setup.world.store.db,
      sql`select snapshot_date::text as date, percent from coverage_snapshots order by snapshot_date desc limit 2`,
    );
    expect(text).toContain(`${formatPercent(latest?.percent ?? 0)} mục tiêu 100 %`);
    expect(text).toContain(`so với ngày ${formatDate(previous?.date ?? '')}`);
    expect(page).toContain(`<a href="/alerts/${alert.id}">${about.product}</a>: ${where} trả lời đúng trang`);
    for (const adapter of setup.world.runtime.adapters) expect(text).toContain(`${adapter.displayName}: bình thường`);
    expect(page).toMatch(/<div role="img" aria-label="[^"]+">/u); // the trend chart
    expect(text).not.toMatch(CODES);
  });

  it('the report upward as XLSX: the department, the date line, a sheet per breakdown with numbered rows, every product to onboard', async () => {
    const client = await reviewer();
    const answer = await request(`${setup.base}/export/report.xlsx`, { headers: { cookie: client.cookie } });
    expect(answer.statusCode).toBe(200);
    expect(String(answer.headers['content-disposition'])).toMatch(/bao-cao-ocop-\d{4}-\d{2}\.xlsx/u);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await answer.body.arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).toEqual([
      'Tổng hợp',
      'sàn thương mại điện tử',
      'xã, phường',
      'nhóm sản phẩm',
      'hạng sao',
      'Cần đưa lên sàn',
    ]);
    const province = setup.world.sandbox.world.provinceName;
    const summary = book.getWorksheet('Tổng hợp');
    expect(summary?.getCell('A2').value).toBe(`SỞ CÔNG THƯƠNG TỈNH ${province.toUpperCase()}`);
    expect(summary?.getCell('B1').value).toBe('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(String(summary?.getCell('B3').value)).toMatch(
      new RegExp(`^${province}, ngày \\d{2} tháng (0[12]|[3-9]|1[0-2]) năm \\d{4}$`, 'u'),
    );
    expect(String(summary?.getCell('A5').value)).toBe('BÁO CÁO');
    const report = JSON.parse((await client.call('GET', '/api/coverage')).body) as {
      byCommune: Array<{ label: string; covered: number; denominator: number }>;
      gap: unknown[];
    };
    const communes = book.getWorksheet('xã, phường');
    expect(communes?.getRow(2).values).toEqual([
      undefined,
      'STT',
      'Xã, phường',
      'Số sản phẩm',
      'Có trên sàn',
      'Tỷ lệ (%)',
    ]);
    const first = report.byCommune[0];
    expect(communes?.getRow(3).values).toEqual([
      undefined,
      1,
      first?.label,
      first?.denominator,
      first?.covered,
      expect.any(Number),
    ]);
    expect(book.getWorksheet('Cần đưa lên sàn')?.rowCount).toBe(2 + report.gap.length);
  });

  it('the clerk writes the number, assessment and proposals for a month; the page, the DOCX and the XLSX carry them, other months do not', async () => {
    const client = await reviewer();
    const today = JSON.parse((await client.call('GET', '/api/coverage')).body) as { date: string };
    const period = today.date.slice(0, 7);
    const saved = await client.call('POST', '/report/notes', {
      _csrf: client.csrf,
      ky: period,
      documentNumber: '5',
      assessment: 'Các xã vùng núi còn chậm <b>đưa hàng</b> lên sàn.',
      proposals: 'Đề nghị UBND tỉnh hỗ trợ chụp ảnh sản phẩm.',
    });
    expect([saved.status, saved.headers.location]).toEqual([302, `/report?ky=${period}`]);
    const page = (await client.call('GET', `/report?ky=${period}`)).body;
    expect(page).toContain('Số: 05/BC-SCT');
    expect(page).toContain('Các xã vùng núi còn chậm &lt;b&gt;đưa hàng&lt;/b&gt; lên sàn.');
    expect(page).toContain('Đề nghị UBND tỉnh hỗ trợ chụp ảnh sản phẩm.');
    expect(page).toContain('Nơi nhận:');
    const docx = await request(`${setup.base}/export/report.docx?ky=${period}`, { headers: { cookie: client.cookie } });
    expect(docx.statusCode).toBe(200);
    const xml = strFromU8(
      unzipSync(new Uint8Array(await docx.body.arrayBuffer()))['word/document.xml'] ?? new Uint8Array(),
    );
    expect(xml).toContain('Đề nghị UBND tỉnh hỗ trợ chụp ảnh sản phẩm.');
    expect(xml).toContain('Số: 05/BC-SCT');
    // Another month keeps its own (empty) notes; a month with no figures is refused in words.
    const [year, month] = period.split('-').map(Number);
    const earlier = month === 1 ? `${(year ?? 0) - 1}-12` : `${year}-${String((month ?? 2) - 1).padStart(2, '0')}`;
    const other = await client.call('GET', `/report?ky=${earlier}`);
    expect(other.body).not.toContain('chụp ảnh sản phẩm');
    expect((await client.call('GET', '/report?ky=2026-13')).status).toBe(400);
    // A viewer reads the report but cannot write into it.
    const viewer = new Client(setup.base);
    await addUser(setup.world.store.db, {
      username: 'xem-bc',
      displayName: 'Xem',
      password: DEFAULT_PASSWORD,
      role: 'viewer',
    });
    await viewer.login('xem-bc');
    expect((await viewer.call('GET', '/report')).body).not.toContain('name="assessment"');
    expect(
      (await viewer.call('POST', '/report/notes', { _csrf: viewer.csrf, ky: period, assessment: 'x' })).status,
    ).toBe(403);
  });

  it('open data: aggregates with a dictionary, the same figures as CSV and JSON, and no producer named', async () => {
    const client = await reviewer();
    const json = JSON.parse((await client.call('GET', '/export/open-data.json')).body) as {
      publisher: string;
      dictionary: Array<{ field: string; vi: string; en: string }>;
      rows: Array<Record<string, string | number>>;
    };
    expect(json.publisher).toBe(`Sở Công Thương tỉnh ${setup.world.sandbox.world.provinceName}`);
    const fields = json.dictionary.map((d) => d.field);
    for (const row of json.rows) expect(Object.keys(row)).toEqual(fields);
    expect(json.dictionary.every((d) => d.vi && d.en)).toBe(true);
    const csv = (await client.call('GET', '/export/open-data.csv')).body
      .replace(/^\uFEFF/u, '')
      .trim()
      .split(/\r?\n/u);
    expect(csv[0]).toBe(fields.join(','));
    expect(csv).toHaveLength(json.rows.length + 1);
    const [total] = json.rows;
    expect(total).toMatchObject({ phan_loai: 'tong', ten: 'Toàn tỉnh' });
    const [producer] = await queryRows<{ name: string }>(setup.world.store.db, sql`select name from producers limit 1`);
    expect(JSON.stringify(json)).not.toContain(producer?.name ?? 'no producer');
  });
});

describe('coverage is answered again only while nothing it reads has changed', () => {
  const db = () => setup.world.store.db;
  const read = async () => JSON.parse((await (await reviewer()).call('GET', '/api/coverage')).body) as CoverageReport;

  it('a delisting, a renamed product and the restored data all show on the next load', async () => {
    const before = await read();
    expect(await read()).toEqual(before);
    const uncovered = new Set(before.gap.map((g) => g.productId));
    const [product] = (
      await queryRows<{ id: number }>(
        db(),
        sql`select product_id as id from listings where state = 'active' group by product_id order by product_id`,
      )
    ).filter((p) => !uncovered.has(p.id));
    if (!product) throw new Error('the province has no covered product');
    const listings = await queryRows<{ id: number; state: string; marketplace: string }>(
      db(),
      sql`select id, state, marketplace from listings where product_id = ${product.id}`,
    );
    try {
      await db().execute(sql`update listings set state = 'delisted' where product_id = ${product.id}`);
      const delisted = await read();
      expect(delisted.covered).toBe(before.covered - 1);
      // The product to onboard shows each of its listings and where it stands.
      expect(delisted.gap.find((g) => g.productId === product.id)?.listings.toSorted()).toEqual(
        listings.map((l) => `${l.marketplace}:delisted`).toSorted(),
      );
      await db().execute(sql`update products set name = name || ' (đổi tên)' where id = ${product.id}`);
      expect((await read()).gap.find((g) => g.productId === product.id)?.name).toMatch(/ \(đổi tên\)$/u);
    } finally {
      for (const listing of listings)
        await db().execute(sql`update listings set state = ${listing.state} where id = ${listing.id}`);
      await db().execute(sql`update products set name = replace(name, ' (đổi tên)', '') where id = ${product.id}`);
    }
    expect(await read()).toEqual(before);
  });

  it('time alone makes a listing stale: the kept report is not answered once a check is too old', async () => {
    const [last] = await queryRows<{ at: string }>(db(), sql`select max(last_conclusive_at)::text as at from listings`);
    const checkedAt = new Date(last?.at ?? Number.NaN).getTime();
    const cached = createCoverageCache(db());
    // One day and one freshness window: only the moment moves, past the last run's checks.
    const options = (minutesAfter: number) => ({
      date: setup.world.sandbox.truth().date,
      asOf: new Date(checkedAt + minutesAfter * 60_000),
      freshnessHours: 1,
      countedMarketplaces: setup.world.runtime.adapters.map((a) => a.id),
    });
    const fresh = await cached(options(30));
    expect(fresh.covered).toBeGreaterThan(0);
    const stale = await cached(options(90));
    expect(stale.covered).toBeLessThan(fresh.covered);
    expect(stale).toEqual(await computeCoverage(db(), options(90)));
  });
});
