import { stringify } from 'csv-stringify/sync';
import { sql } from 'drizzle-orm';
import type { CoverageReport } from '../coverage/compute-coverage.ts';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';
import { formatDate } from '../words/vietnamese-format.ts';
import type { ReportHeader } from './official-report.ts';
import { OPEN_DATA_DICTIONARY } from './provincial-report.ts';
import { spreadsheetSafeRow } from './spreadsheet-cell.ts';

/** How the department publishes open data (config `openData`). */
export interface OpenDataSettings {
  /** The public address the dashboard is reached at, e.g. "https://ocop.soct.hatinh.gov.vn": DCAT needs absolute URIs. */
  baseUrl: string;
  licence: { name: string; url: string };
  /** Past days listed in the catalogue (every kept day stays downloadable). */
  historyDays: number;
}

export const OPEN_DATA_TITLE = 'Sản phẩm OCOP trên sàn thương mại điện tử';

/** Days with a kept daily figure, newest first: the nightly run's, the same every time they are read. */
export async function openDataDays(db: Database, limit: number): Promise<string[]> {
  const rows = await queryRows<{ day: string }>(
    db,
    sql`select snapshot_date::text as day from coverage_snapshots where percent is not null order by snapshot_date desc limit ${limit}`,
  );
  return rows.map((r) => r.day);
}

/** A kept day's figures; null for a day without them. */
export async function openDataDay(db: Database, day: string): Promise<CoverageReport | null> {
  const [row] = await queryRows<{ report: CoverageReport }>(
    db,
    sql`select report from coverage_snapshots where snapshot_date = ${day}::date and percent is not null`,
  );
  return row?.report ?? null;
}

/** The data dictionary as CSV (UTF-8 with BOM), for portals that take a table, not JSON. */
export function openDataDictionaryCsv(): string {
  const rows = [
    ['truong', 'kieu', 'mo_ta', 'description'],
    ...OPEN_DATA_DICTIONARY.map((d) => [d.field, d.type, d.vi, d.en]),
  ];
  return stringify(rows.map(spreadsheetSafeRow), { bom: true });
}

/** A Turtle string literal: backslash, quote and line breaks escaped (RDF 1.1 Turtle, §2.5.2). */
const literal = (text: string, lang?: string) =>
  `"${text.replace(/\\/gu, '\\\\').replace(/"/gu, '\\"').replace(/\n/gu, '\\n').replace(/\r/gu, '\\r')}"${lang ? `@${lang}` : ''}`;
const iri = (url: string) => `<${encodeURI(decodeURI(url)).replace(/[<>"{}|^`\\]/gu, '')}>`;
const date = (day: string) => `"${day}"^^xsd:date`;

/** Addresses of what is published, under `/open-data/` of the public address. */
export function openDataAddresses(baseUrl: string) {
  const root = `${baseUrl.replace(/\/+$/u, '')}/open-data/`;
  return {
    root,
    catalog: `${root}catalog.ttl`,
    catalogJsonLd: `${root}catalog.jsonld`,
    dataset: `${root}#dataset`,
    latest: `${root}ocop-tren-san.csv`,
    day: (day: string) => `${root}ocop-tren-san-${day}.csv`,
    dictionary: `${root}tu-dien-du-lieu.csv`,
  };
}

/**
 * The catalogue as DCAT in Turtle, the form ckanext-dcat's RDF harvester (`dcat_rdf_harvester`) takes:
 * one dcat:Dataset with its publisher, province (dct:spatial), licence, language, time span, and a
 * dcat:Distribution per file (the latest day, each past day, the dictionary).
 */
export function openDataCatalogTurtle(input: {
  settings: OpenDataSettings;
  header: ReportHeader;
  days: readonly string[];
}): string {
  const { settings, header, days } = input;
  const at = openDataAddresses(settings.baseUrl);
  const place = header.province ?? header.department;
  const newest = days[0];
  const oldest = days.at(-1);
  const licence = iri(settings.licence.url);
  const distribution = (url: string, title: string, modified: string | undefined, conformsTo?: string) =>
    `${iri(url)} a dcat:Distribution ;
  dct:title ${literal(title, 'vi')} ;
  dcat:accessURL ${iri(url)} ;
  dcat:downloadURL ${iri(url)} ;
  dct:format "CSV" ;
  dcat:mediaType "text/csv" ;
  dct:license ${licence}${modified ? ` ;\n  dct:modified ${date(modified)}` : ''}${conformsTo ? ` ;\n  dct:conformsTo ${iri(conformsTo)}` : ''} .`;
  const files = [
    ...(newest
      ? [distribution(at.latest, `Số liệu mới nhất (ngày ${formatDate(newest)})`, newest, at.dictionary)]
      : []),
    ...days.map((day) => distribution(at.day(day), `Số liệu ngày ${formatDate(day)}`, day, at.dictionary)),
    distribution(at.dictionary, 'Từ điển dữ liệu', undefined),
  ];
  const urls = [...(newest ? [at.latest] : []), ...days.map(at.day), at.dictionary];
  return `@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

${iri(at.root)} a dcat:Catalog ;
  dct:title ${literal(`Dữ liệu mở: ${OPEN_DATA_TITLE} — ${place}`, 'vi')} ;
  dct:publisher ${iri(`${at.root}#publisher`)} ;
  dct:language <http://id.loc.gov/vocabulary/iso639-1/vi> ;
  foaf:homepage ${iri(at.root)} ;
  dct:license ${licence}${newest ? ` ;\n  dct:modified ${date(newest)}` : ''} ;
  dcat:dataset ${iri(at.dataset)} .

${iri(`${at.root}#publisher`)} a foaf:Organization ;
  foaf:name ${literal(header.department, 'vi')} .

${iri(at.dataset)} a dcat:Dataset ;
  dct:identifier ${literal(`ocop-tren-san-tmdt-${slug(place)}`)} ;
  dct:title ${literal(`${OPEN_DATA_TITLE} — ${place}`, 'vi')} ;
  dct:description ${literal(`Tỷ lệ sản phẩm OCOP còn hiệu lực của ${place} có tin đăng đang bán trên sàn thương mại điện tử, theo toàn tỉnh, sàn, xã, nhóm sản phẩm và hạng sao; mỗi ngày một tệp. Không có tên hay liên hệ của chủ thể.`, 'vi')} ;
  dcat:keyword "OCOP"@vi, "thương mại điện tử"@vi, ${literal(place, 'vi')} ;
  dct:publisher ${iri(`${at.root}#publisher`)} ;
  dct:spatial [ a dct:Location ; skos:prefLabel ${literal(place, 'vi')} ] ;
  dct:language <http://id.loc.gov/vocabulary/iso639-1/vi> ;
  dct:license ${licence} ;
  dct:accrualPeriodicity <http://purl.org/cld/freq/daily> ;
  dcat:landingPage ${iri(at.root)}${newest && oldest ? ` ;\n  dct:temporal [ a dct:PeriodOfTime ; dcat:startDate ${date(oldest)} ; dcat:endDate ${date(newest)} ] ;\n  dct:modified ${date(newest)}` : ''} ;
  dcat:distribution ${urls.map(iri).join(', ')} .

${files.join('\n\n')}
`;
}

/** "Hà Tĩnh" → "ha-tinh", for the dataset's identifier. */
const slug = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/giu, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/gu, '-')
    .replace(/^-|-$/gu, '');
