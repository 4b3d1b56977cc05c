import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdapters, createPoliteClient } from '@ocop-monitor/adapters';
import { capturedRoutes, FixtureServer } from '@ocop-monitor/adapters/testing';
import { openStore, queryRows } from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { diagnoseMarketplaces, proposeFloorLayout } from '../workers/src/cli/doctor.ts';
import { loadConfig } from '../workers/src/config/load.ts';
import { stripPersonalData } from '../workers/src/doctor/capture.ts';
import { floorYaml } from '../workers/src/doctor/suggest-layout.ts';
import { createRuntime } from '../workers/src/runtime.ts';
import { type Province, province } from './province.ts';

let world: Province;
let dataDir = '';

/** What the store holds, to show that the doctor changed nothing. */
const storeState = async () => {
  const store = await openStore({ dataDir });
  try {
    return await queryRows(
      store.db,
      sql`select (select count(*)::int from observations) as observations, (select count(*)::int from runs) as runs,
                 (select string_agg(id || state || coalesce(last_checked_at::text, '-'), ',' order by id) from listings) as listings`,
    );
  } finally {
    await store.close();
  }
};

beforeAll(async () => {
  dataDir = join(mkdtempSync(join(tmpdir(), 'ocop-doctor-')), 'pglite');
  // The province's store on disk, closed once imported: the doctor opens it as a command would.
  world = await province(83, 30, 'none', await openStore({ dataDir }), { dataDir });
  await world.store.close();
}, 120_000);

afterAll(async () => {
  await world?.runtime.close();
  await world?.sandbox.close();
});

/** The example floor's config: a template a province starts from. */
const QUANGTRI = parse(readFileSync(new URL('../config/floors/quangtri.yaml', import.meta.url), 'utf8')) as Record<
  string,
  unknown
>;

/** A runtime with one provincial floor and no national marketplace, polite intervals off. */
const floorRuntime = (floor: Record<string, unknown>) =>
  createRuntime(
    loadConfig({
      overrides: {
        http: { minIntervalMs: 0, jitterMs: 0, retries: 0 },
        marketplaces: {
          voso: { enabled: false },
          postmart: { enabled: false },
          tiki: { enabled: false },
          floors: [floor],
        },
        log: { level: 'silent' },
      },
      env: {},
    }),
  );

describe('ocop-monitor doctor', () => {
  it('on the sandbox every marketplace is ready: pages read, rules named with their provenance, fields counted; the store is untouched', async () => {
    const before = await storeState();
    const capture = mkdtempSync(join(tmpdir(), 'ocop-capture-'));
    const diagnoses = await diagnoseMarketplaces(world.runtime, { sample: 4, capture });
    expect(diagnoses.map((d) => [d.marketplace, d.verdict])).toEqual(
      world.runtime.adapters.map((a) => [a.id, 'ready']),
    );
    for (const d of diagnoses) {
      expect(d.pages).toBe(4);
      expect(d.onSale).toBe(4);
      expect(d.fields.title).toBe(4);
      expect(d.fields.price).toBe(4);
      expect(d.medianLatencyMs).not.toBeNull();
      expect(d.rules.reduce((sum, r) => sum + r.pages, 0)).toBe(4);
    }
    // voso's removal rules, but HTTP's own, were never seen on its real pages: the doctor says so.
    expect(diagnoses.find((d) => d.marketplace === 'voso')?.assumedRemovalRules).toContain('voso.record.activated=0');
    // postmart and voso read shops: one shop page's cards were counted, voso's from the page's own shop link.
    expect(diagnoses.find((d) => d.marketplace === 'postmart')?.shop?.cards).toBeGreaterThan(0);
    expect(diagnoses.find((d) => d.marketplace === 'voso')?.shop?.cards).toBeGreaterThan(0);
    expect(await storeState()).toEqual(before);

    // The captured pages replay through the testing kit's server and read as they did live.
    const folder = join(capture, 'voso');
    const index = JSON.parse(readFileSync(join(folder, 'captured.json'), 'utf8')) as Array<{
      url: string;
      verdict: string;
      file: string;
    }>;
    expect(index.length).toBeGreaterThanOrEqual(4);
    for (const page of index) expect(existsSync(join(folder, page.file))).toBe(true);
    const server = new FixtureServer();
    const base = await server.start();
    server.serve(capturedRoutes(folder));
    try {
      const [voso] = createAdapters({
        voso: { baseUrl: base },
        postmart: { enabled: false },
        tiki: { enabled: false },
      });
      const http = createPoliteClient({
        allowedHosts: [...(voso?.hosts ?? [])],
        respectRobotsTxt: false,
        minIntervalMs: 0,
        jitterMs: 0,
      });
      const first = index.find((p) => p.verdict === 'active');
      const ref = voso?.parseRef(`${base}${new URL(first?.url ?? 'http://x/').pathname}`);
      if (!voso || !ref) throw new Error('the captured page is not a voso product page');
      expect((await voso.check(ref, { http })).verdict).toBe('active');
      await http.close();
    } finally {
      await server.close();
    }
  }, 120_000);

  it('a blocked marketplace and a redesigned one are reported as such, and only those', async () => {
    world.sandbox.setFaults({ voso: 'blocked', postmart: 'redesign' });
    try {
      const diagnoses = await diagnoseMarketplaces(world.runtime, { sample: 3 });
      const verdicts = Object.fromEntries(diagnoses.map((d) => [d.marketplace, d.verdict]));
      expect(verdicts.voso).toBe('blocked');
      expect(verdicts.postmart).toBe('layout_not_recognised');
      expect(verdicts.tiki).toBe('ready');
      expect(diagnoses.find((d) => d.marketplace === 'voso')?.says).toBe('bị chặn / blocked');
    } finally {
      world.sandbox.setFaults('none');
    }
  }, 120_000);

  it('a provincial floor whose pages follow another layout is "layout not recognised", read from --url', async () => {
    const server = new FixtureServer();
    const base = await server.start();
    // A real-looking product page, written by nobody here: no container the floor's layout names.
    server.serve({
      '/robots.txt': { status: 200, body: 'User-agent: *\nAllow: /\n' },
      '/san-pham/che-vang-cam-lo-1523.html': {
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: '<!doctype html><html><head><title>Chè vằng Cam Lộ</title></head><body><main class="pdp"><h1 class="pdp-title">Chè vằng Cam Lộ</h1><span class="pdp-price">85.000₫</span></main></body></html>',
      },
    });
    const runtime = floorRuntime({ ...QUANGTRI, baseUrl: base });
    try {
      const [diagnosis] = await diagnoseMarketplaces(runtime, {
        sample: 5,
        url: [`${base}/san-pham/che-vang-cam-lo-1523.html`],
      });
      expect(diagnosis).toMatchObject({ pages: 1, onSale: 0, verdict: 'layout_not_recognised' });
    } finally {
      await runtime.close();
      await server.close();
    }
  });

  it('calibrating a floor nobody here wrote: --suggest-layout proposes a layout, the kit passes, and with it the doctor says ready', async () => {
    const server = new FixtureServer();
    const base = await server.start();
    const fixture = (file: string) =>
      readFileSync(new URL(`../packages/adapters/src/calibrate/fixtures/${file}`, import.meta.url), 'utf8');
    const html = (file: string) => ({
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: fixture(file),
    });
    server.serve({
      '/robots.txt': { status: 200, body: 'User-agent: *\nAllow: /\n' },
      '/sp/mat-ong-u-minh-88': html('product-88.html'),
      '/sp/tra-xanh-huong-son-120': html('product-120.html'),
      '/sp/cam-bu-vu-quang-7': html('product-7.html'),
      '/sp/ruou-nep-45': html('removed-45.html'),
      // Any product address that never existed gets the same frame and sentence as a removed one.
      '*': html('removed-45.html'),
    });
    const onSale = ['/sp/mat-ong-u-minh-88', '/sp/tra-xanh-huong-son-120', '/sp/cam-bu-vu-quang-7'].map(
      (p) => `${base}${p}`,
    );
    const removed = `${base}/sp/ruou-nep-45`;
    // The province first configures the floor with the template's layout, which reads none of its pages.
    const guessed = floorRuntime({ ...QUANGTRI, id: 'floor-hatinh', displayName: 'Sàn TMĐT Hà Tĩnh', baseUrl: base });
    const capture = mkdtempSync(join(tmpdir(), 'ocop-calibrate-'));
    try {
      const fetched = await proposeFloorLayout(guessed, {
        marketplace: 'floor-hatinh',
        url: onSale,
        removed: [removed],
        capture,
      });
      expect(fetched.results.filter((r) => !r.passed)).toEqual([]);
      expect(fetched.suggestion.layout).toMatchObject({
        container: 'section.pdp-main',
        seenRemovalRules: ['message'],
        notFoundAnswers: [expect.objectContaining({ status: 200, contentType: 'text/html' })],
      });
      // The same proposal from the captured folder (phone numbers stripped), without the network.
      const fromFolder = await proposeFloorLayout(guessed, { from: capture });
      expect(fromFolder.suggestion.layout).toEqual(fetched.suggestion.layout);
      expect(fromFolder.floor).toEqual({ id: 'floor-hatinh', displayName: 'Sàn TMĐT Hà Tĩnh', baseUrl: base });
      // What a person copies into the config, as printed.
      const copied = parse(floorYaml(fetched.suggestion, fetched.floor)) as Record<string, unknown>;
      const calibrated = floorRuntime(copied);
      try {
        const [diagnosis] = await diagnoseMarketplaces(calibrated, { sample: 5, url: onSale, removed: [removed] });
        expect(diagnosis).toMatchObject({ pages: 4, onSale: 3, removed: 1, verdict: 'ready', problems: [] });
        expect(diagnosis?.negativeControl).toMatchObject({ recognised: true });
        expect(diagnosis?.fields).toMatchObject({ title: 3, price: 3, sold: 3, stock: 3 });
      } finally {
        await calibrated.close();
      }
    } finally {
      await guessed.close();
      await server.close();
    }
  });

  describe("ready means read right: Hà Tĩnh's floor on its real templates", () => {
    const HATINH = parse(readFileSync(new URL('../config/floors/hatinh.yaml', import.meta.url), 'utf8')) as Record<
      string,
      unknown
    >;
    const real = (file: string) =>
      readFileSync(new URL(`../packages/adapters/fixtures/real/floor-hatinh-2021/${file}`, import.meta.url), 'utf8');
    const html = (body: string) => ({ status: 200, headers: { 'content-type': 'text/html; charset=UTF-8' }, body });
    const SLUGS = ['nhung-huou-huong-son-say-kho-100g', 'keo-cu-do-thien-cam-hop-500g', 'buoi-phuc-trach-tui-2-qua'];
    /** The floor served locally: its three products, and its "no data" page for any other address. */
    async function floor(change: (slug: string, body: string) => string = (_, body) => body) {
      const server = new FixtureServer();
      const base = await server.start();
      server.serve({
        '/robots.txt': { status: 200, body: 'User-agent: *\nAllow: /\n' },
        ...Object.fromEntries(
          SLUGS.map((slug) => [`/product/details/${slug}`, html(change(slug, real(`${slug}.html`)))]),
        ),
        '/product/details/ruou-nep-da-go': html(real('no_data.html')),
        '/product/details/tra-da-go-404': {
          status: 404,
          headers: { 'content-type': 'text/html' },
          body: '<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center><hr><center>nginx</center></body></html>',
        },
        '*': html(real('no_data.html')),
      });
      return { server, base, urls: SLUGS.map((slug) => `${base}/product/details/${slug}`) };
    }
    /** The doctor's diagnosis of that floor, configured as `layout` (the shipped one unless given). */
    async function diagnoseFloor(
      options: { removed?: string[]; change?: (slug: string, body: string) => string; layout?: unknown } = {},
    ) {
      const { server, base, urls } = await floor(options.change);
      const runtime = floorRuntime({ ...HATINH, layout: options.layout ?? HATINH.layout, baseUrl: base });
      try {
        const [diagnosis] = await diagnoseMarketplaces(runtime, {
          sample: 5,
          url: urls,
          ...(options.removed ? { removed: options.removed.map((path) => `${base}${path}`) } : {}),
        });
        return { diagnosis, base, urls };
      } finally {
        await runtime.close();
        await server.close();
      }
    }

    it('ready: every declared field on every page, the removed sample removed by a seen rule, the not-found answer recognised', async () => {
      const { diagnosis } = await diagnoseFloor({ removed: ['/product/details/ruou-nep-da-go'] });
      expect(diagnosis).toMatchObject({ onSale: 3, removed: 1, verdict: 'ready', problems: [] });
      expect(diagnosis?.removedSamples).toEqual([
        expect.objectContaining({ verdict: 'delisted', rule: 'floor-hatinh.not-found', provenance: 'seen' }),
      ]);
      expect(diagnosis?.negativeControl?.recognised).toBe(true);
    });

    it('not ready when the price is read on 1 page of 3, naming the field and the pages', async () => {
      const { diagnosis, urls } = await diagnoseFloor({
        change: (slug, body) =>
          slug === SLUGS[0] ? body : body.replace('<span class="h3 d-block">', '<span class="gia-ban">'),
      });
      expect(diagnosis?.verdict).toBe('fields_missing');
      expect(diagnosis?.problems).toEqual([
        expect.stringContaining(
          `giá / price: không đọc được trên 2/3 trang / not read on 2 of 3 pages: ${urls[1]}, ${urls[2]}`,
        ),
      ]);
    });

    it("not ready when a removed sample does not read removed: a web server's 404 is no evidence", async () => {
      const { diagnosis, base } = await diagnoseFloor({ removed: ['/product/details/tra-da-go-404'] });
      expect(diagnosis?.verdict).toBe('removal_not_recognised');
      expect(diagnosis?.problems.join('\n')).toContain(`${base}/product/details/tra-da-go-404 (unknown`);
    });

    it("not ready when the floor's not-found answer is not kept, printing the entry to keep", async () => {
      const { notFoundAnswers: _, ...layout } = HATINH.layout as Record<string, unknown>;
      const { diagnosis } = await diagnoseFloor({ layout });
      expect(diagnosis?.verdict).toBe('not_found_unknown');
      expect(diagnosis?.negativeControl).toMatchObject({ recognised: false, toKeep: { status: 200 } });
      expect(diagnosis?.problems.join('\n')).toMatch(
        /notFoundAnswers: \[\{ status: 200, contentType: 'text\/html', signature: 'html:b21de4007aac2c86db9a0c8b' \}\]/u,
      );
    });
  });

  it('a captured page keeps its layout and loses the people: phones, e-mails, reviewers', () => {
    const page = `<div class="product-info"><h1>Chè vằng Cam Lộ</h1><p class="contact">Liên hệ 0912 345 678 hoặc htx@example.vn</p>
<div class="review-list"><div class="review-item"><b>Nguyễn Thị Hoa</b> Chè ngon!</div></div></div>`;
    const stripped = stripPersonalData(page, 'text/html; charset=utf-8');
    expect(stripped).toContain('<h1>Chè vằng Cam Lộ</h1>');
    expect(stripped).toContain('class="product-info"');
    expect(stripped).not.toContain('0912 345 678');
    expect(stripped).not.toContain('htx@example.vn');
    expect(stripped).not.toContain('Nguyễn Thị Hoa');
    // A price or a product id is not a phone number.
    expect(stripPersonalData('<span class="price">1.181.000 ₫</span> <a href="/p101533.html">', 'text/html')).toContain(
      '1.181.000 ₫',
    );
    const api = stripPersonalData(
      JSON.stringify({ id: 1, name: 'Chè vằng', reviews: [{ customer_name: 'Lê Văn An', content: 'gọi 0905123456' }] }),
      'application/json',
    );
    expect(JSON.parse(api)).toEqual({
      id: 1,
      name: 'Chè vằng',
      reviews: [{ customer_name: '[đã xoá / removed]', content: 'gọi [SĐT đã ẩn]' }],
    });
  });
});
