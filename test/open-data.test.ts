import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import jsonld from 'jsonld';
import { Parser, Writer } from 'n3';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DashboardWorld, dashboardWorld } from './dashboard-world.ts';

const BASE_URL = 'https://ocop.soct.example.gov.vn';
let setup: DashboardWorld;

beforeAll(async () => {
  setup = await dashboardWorld(
    88,
    async (w) => {
      // A commune name from the registry file with markup: open data publishes a name, never the markup.
      await w.store.db.execute(
        sql`update coverage_snapshots set report = jsonb_set(report, '{byCommune,0,label}', '"<script>alert(1)</script>Xã <b>Lạ</b>"')`,
      );
    },
    {
      openData: {
        baseUrl: BASE_URL,
        licence: { name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
        historyDays: 30,
      },
    },
  );
}, 180_000);

afterAll(async () => {
  await setup?.close();
});

/** As a portal's harvester asks: no cookie, no login. */
const fetchPublic = async (path: string) => {
  const answer = await request(`${setup.base}${path}`);
  return { status: answer.statusCode, type: String(answer.headers['content-type']), body: await answer.body.text() };
};

describe('open data, published without login once the department turns it on', () => {
  it('the landing page names the publisher, the province, the licence, the date of the data and every past day', async () => {
    const page = await fetchPublic('/open-data/');
    expect(page.status).toBe(200);
    const province = setup.world.sandbox.world.provinceName;
    expect(page.body).toContain(`Sở Công Thương tỉnh ${province}`);
    expect(page.body).toContain('rel="license"');
    expect(page.body).toMatch(/Ngày của số liệu mới nhất<\/dt><dd>\d{2}\/\d{2}\/\d{4}/u);
    const days = [...page.body.matchAll(/href="\/open-data\/ocop-tren-san-(\d{4}-\d{2}-\d{2})\.csv"/gu)].map(
      (m) => m[1],
    );
    expect(days.length).toBeGreaterThanOrEqual(3);
    for (const day of days) {
      const file = await fetchPublic(`/open-data/ocop-tren-san-${day}.csv`);
      expect(file.status).toBe(200);
      const rows = parse(file.body.replace(/^\uFEFF/u, ''), { columns: true }) as Array<Record<string, string>>;
      expect(rows.every((r) => r.ngay === day)).toBe(true);
    }
    expect((await fetchPublic('/open-data/ocop-tren-san-1999-01-01.csv')).status).toBe(404);
    // Pages behind the login stay behind it.
    expect((await fetchPublic('/report')).status).toBe(302);
  });

  it('the DCAT catalogue parses as RDF and lists the dataset with a CSV for each day and the dictionary', async () => {
    const ttl = await fetchPublic('/open-data/catalog.ttl');
    expect(ttl.type).toContain('text/turtle');
    const quads = new Parser({ baseIRI: `${BASE_URL}/open-data/` }).parse(ttl.body);
    const files = quads
      .filter((q) => q.predicate.value === 'http://www.w3.org/ns/dcat#downloadURL')
      .map((q) => q.object.value);
    expect(files).toContain(`${BASE_URL}/open-data/ocop-tren-san.csv`);
    expect(files).toContain(`${BASE_URL}/open-data/tu-dien-du-lieu.csv`);
    // Each published address answers, without login.
    for (const file of files.slice(0, 5)) expect((await fetchPublic(new URL(file).pathname)).status).toBe(200);
  });

  it('the same catalogue as JSON-LD (for a JSON harvester): it parses, and its triples are exactly the Turtle’s', async () => {
    const ttl = (await fetchPublic('/open-data/catalog.ttl')).body;
    const json = await fetchPublic('/open-data/catalog.jsonld');
    expect(json.status).toBe(200);
    expect(json.type).toContain('application/ld+json');
    const document = JSON.parse(json.body) as object;
    // Canonical N-Quads (RDFC-1.0) of both: equal whatever the blank nodes are called.
    const fromTurtle = new Writer({ format: 'N-Quads' }).quadsToString(new Parser().parse(ttl));
    const [canonicalJson, canonicalTurtle] = await Promise.all([
      jsonld.canonize(document, { algorithm: 'RDFC-1.0' }),
      jsonld.canonize(fromTurtle, { algorithm: 'RDFC-1.0', inputFormat: 'application/n-quads' }),
    ]);
    expect(canonicalJson.split('\n').length).toBeGreaterThan(40);
    expect(canonicalJson).toBe(canonicalTurtle);
    expect(canonicalJson).toContain(
      `<${BASE_URL}/open-data/#dataset> <http://www.w3.org/ns/dcat#distribution> <${BASE_URL}/open-data/ocop-tren-san.csv>`,
    );
    expect(canonicalJson).toMatch(/"Sản phẩm OCOP trên sàn thương mại điện tử — [^"]+"@vi/u);
    expect(canonicalJson).toContain('"^^<http://www.w3.org/2001/XMLSchema#date>');
  });

  it('commune names are published as plain text, with no markup', async () => {
    const csv = await fetchPublic('/open-data/ocop-tren-san.csv');
    expect(csv.body).toContain('alert(1)Xã Lạ');
    expect(csv.body).not.toMatch(/<[a-z/]/iu);
    const dictionary = parse((await fetchPublic('/open-data/tu-dien-du-lieu.csv')).body.replace(/^\uFEFF/u, ''), {
      columns: true,
    }) as Array<Record<string, string>>;
    expect(dictionary.map((d) => d.truong)).toContain('ty_le');
  });
});
