import { parse } from 'csv-parse/sync';
import { Parser, type Quad } from 'n3';
import { describe, expect, it } from 'vitest';
import { openDataAddresses, openDataCatalogTurtle, openDataDictionaryCsv } from './open-data.ts';
import { OPEN_DATA_DICTIONARY } from './provincial-report.ts';

const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const settings = {
  baseUrl: 'https://ocop.soct.example.gov.vn/',
  licence: { name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
  historyDays: 90,
};
const days = ['2026-01-05', '2026-01-04', '2026-01-03'];

function catalogue(department: string, province: string): Quad[] {
  return new Parser().parse(openDataCatalogTurtle({ settings, header: { department, province }, days }));
}
const objects = (quads: Quad[], subject: string, predicate: string) =>
  quads.filter((q) => q.subject.value === subject && q.predicate.value === predicate).map((q) => q.object.value);

describe('open data a CKAN portal can harvest', () => {
  it('the DCAT catalogue parses as RDF: one dataset with publisher, province, licence, time span and a CSV per day', () => {
    const quads = catalogue('Sở Công Thương tỉnh Hà Tĩnh', 'Hà Tĩnh');
    const at = openDataAddresses(settings.baseUrl);
    expect(at.root).toBe('https://ocop.soct.example.gov.vn/open-data/');
    const datasets = quads.filter((q) => q.predicate.value === RDF_TYPE && q.object.value === `${DCAT}Dataset`);
    expect(datasets.map((q) => q.subject.value)).toEqual([at.dataset]);
    expect(objects(quads, at.root, `${DCAT}dataset`)).toEqual([at.dataset]);
    expect(objects(quads, at.dataset, `${DCT}license`)).toEqual([settings.licence.url]);
    expect(objects(quads, at.dataset, `${DCT}title`)[0]).toContain('Hà Tĩnh');
    const [publisher] = objects(quads, at.dataset, `${DCT}publisher`);
    expect(objects(quads, publisher ?? '', 'http://xmlns.com/foaf/0.1/name')).toEqual(['Sở Công Thương tỉnh Hà Tĩnh']);
    const [spatial] = objects(quads, at.dataset, `${DCT}spatial`);
    expect(objects(quads, spatial ?? '', 'http://www.w3.org/2004/02/skos/core#prefLabel')).toEqual(['Hà Tĩnh']);
    const [temporal] = objects(quads, at.dataset, `${DCT}temporal`);
    expect(objects(quads, temporal ?? '', `${DCAT}startDate`)).toEqual(['2026-01-03']);
    expect(objects(quads, temporal ?? '', `${DCAT}endDate`)).toEqual(['2026-01-05']);
    const files = objects(quads, at.dataset, `${DCAT}distribution`);
    expect(files).toEqual([at.latest, ...days.map(at.day), at.dictionary]);
    for (const file of files) {
      expect(objects(quads, file, `${DCAT}downloadURL`)).toEqual([file]);
      expect(objects(quads, file, `${DCT}format`)).toEqual(['CSV']);
    }
    expect(objects(quads, at.day('2026-01-04'), `${DCT}title`)).toEqual(['Số liệu ngày 04/01/2026']);
  });

  it('a department or province with quotes, backslashes and markup stays one literal', () => {
    const name = 'Sở "Công\\Thương" <b>\nmới</b>';
    const quads = catalogue(name, 'Tỉnh "Lạ"');
    const at = openDataAddresses(settings.baseUrl);
    const [publisher] = objects(quads, at.dataset, `${DCT}publisher`);
    expect(objects(quads, publisher ?? '', 'http://xmlns.com/foaf/0.1/name')).toEqual([name]);
  });

  it('the data dictionary as CSV has a row per published column, in Vietnamese and English', () => {
    const rows = parse(openDataDictionaryCsv().replace(/^\uFEFF/u, ''), { columns: true }) as Array<
      Record<string, string>
    >;
    expect(rows.map((r) => r.truong)).toEqual(OPEN_DATA_DICTIONARY.map((d) => d.field));
    expect(rows.every((r) => r.mo_ta && r.description)).toBe(true);
  });
});
