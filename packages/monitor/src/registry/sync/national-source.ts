import { foldSearchKey, type HttpClient, toNfc } from '@ocop-monitor/adapters';
import { z } from 'zod';
import { parseDate, parsePhone } from '../parse-values.ts';
import type { KnownEntry, ListedEntry, RegistryRead, RegistryRecord, RegistrySource } from './registry-source.ts';

/** The API's `type` filter and the registry's product groups (QĐ 148/2023). */
const TYPES: Record<string, string> = {
  food: 'Thực phẩm',
  drink: 'Đồ uống',
  herbs: 'Thảo dược',
  cloth: 'Vải và may mặc',
  keepsake: 'Lưu niệm - Nội thất - Trang trí',
  travel: 'Dịch vụ du lịch cộng đồng và điểm du lịch',
};

const GIVE_UP_AFTER_FAILURES = 5;

const idSchema = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/u)]).transform(String);
const listPageSchema = z.object({
  count: z.number().int().nonnegative(),
  next: z.string().nullable(),
  results: z.array(z.object({ id: idSchema, name: z.string(), ocop_star: z.number().int().nullable().optional() })),
});
const detailSchema = z.object({
  id: idSchema,
  name: z.string().min(1),
  ocop_star: z.number().int().min(3).max(5),
  ocop_certificate_number: z.string().nullable().optional(),
  issued_on: z.string().min(1),
  expiry_date: z.string().min(1),
  manufacturer: z.object({
    name: z.string().min(1),
    representative: z.string().nullable().optional(),
    address: z.string().nullable().optional(),
    phone_number: z.string().nullable().optional(),
    email: z.string().nullable().optional(),
  }),
  /** Not in the 2021 capture: read when present (false = certificate withdrawn). */
  is_active: z.boolean().optional(),
});

export interface NationalSourceOptions {
  /** e.g. https://api.ocopvietnam.gov.vn */
  baseUrl: string;
  /** The province's name as addresses write it ("Quảng Trị"): the API has no province filter. */
  provinceName: string;
  pageSize: number;
  http: HttpClient;
}

const date = (text: string) => {
  const parsed = parseDate(text.slice(0, 10).includes('-') ? text.slice(0, 10) : text);
  return parsed.ok ? parsed.value : null;
};

/** A detail answer as a registry record; null with the reason when it is not one. */
function toRecord(body: unknown, group: string): { record: RegistryRecord } | { problem: string } {
  const parsed = detailSchema.safeParse(body);
  if (!parsed.success) return { problem: z.prettifyError(parsed.error).replace(/\n/gu, '; ') };
  const d = parsed.data;
  const certifiedDate = date(d.issued_on);
  const expiryDate = date(d.expiry_date);
  if (!certifiedDate || !expiryDate) return { problem: `dates "${d.issued_on}" / "${d.expiry_date}" are not dates` };
  const phone = d.manufacturer.phone_number ? parsePhone(d.manufacturer.phone_number) : null;
  return {
    record: {
      nationalId: d.id,
      name: toNfc(d.name).trim(),
      productGroup: group,
      stars: d.ocop_star,
      certificateNumber: d.ocop_certificate_number?.trim() || null,
      certifiedDate,
      expiryDate,
      status: d.is_active === false ? 'revoked' : 'active',
      producer: {
        name: toNfc(d.manufacturer.name).trim(),
        contactPerson: d.manufacturer.representative?.trim() || null,
        phone: phone?.ok ? phone.value : null,
        email: d.manufacturer.email?.trim() || null,
        address: toNfc(d.manufacturer.address ?? ''),
      },
    },
  };
}

/**
 * The national OCOP system's public API: pages through each product type's list politely (the
 * client spaces requests per host), then reads the detail of every id that may be this
 * province's — new ids, the province's own, and others' whose list entry changed. The province is
 * told by the producer's address, as the API filters by none.
 */
export function nationalRegistrySource(options: NationalSourceOptions): RegistrySource {
  const base = options.baseUrl.replace(/\/+$/u, '');
  const province = foldSearchKey(options.provinceName);
  return {
    id: 'national',
    async read(known: ReadonlyMap<string, KnownEntry>): Promise<RegistryRead> {
      const problems: string[] = [];
      let requests = 0;
      let complete = true;
      let failuresInARow = 0;
      const fail = (url: string, problem: string) => {
        problems.push(`${url}: ${problem}`);
        complete = false;
      };
      // A registry that fails five times running is down: no more is asked (the read is incomplete).
      const down = () => failuresInARow >= GIVE_UP_AFTER_FAILURES;
      /** The JSON of a 200 answer; undefined (the problem recorded) for anything else. */
      const fetchJson = async (url: string): Promise<unknown> => {
        requests += 1;
        try {
          const response = await options.http.get(url, { headers: { accept: 'application/json' } });
          if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
          const body: unknown = JSON.parse(response.body);
          failuresInARow = 0;
          return body;
        } catch (error) {
          failuresInARow += 1;
          fail(url, (error as Error).message);
          if (down())
            problems.push(`gave up after ${GIVE_UP_AFTER_FAILURES} failures in a row: the registry seems down`);
          return undefined;
        }
      };
      const listed = new Map<string, { name: string; stars: number | null; group: string }>();
      for (const [type, group] of Object.entries(TYPES)) {
        let url: string | null = `${base}/v1/public/product-info/?type=${type}&page_size=${options.pageSize}&page=1`;
        let pages = 1;
        while (url && !down()) {
          const body = await fetchJson(url);
          if (body === undefined) break;
          const page = listPageSchema.safeParse(body);
          if (!page.success) {
            fail(url, 'not a product list');
            break;
          }
          for (const item of page.data.results)
            listed.set(item.id, { name: toNfc(item.name), stars: item.ocop_star ?? null, group });
          // `next` is followed on our own base URL (its path and query only): a list never sends the
          // client to another host, and a next link it cannot follow makes the read incomplete.
          url = null;
          if (page.data.next) {
            const next = URL.canParse(page.data.next) ? new URL(page.data.next) : null;
            pages += 1;
            if (next?.pathname.endsWith('/v1/public/product-info/') && pages <= page.data.count / options.pageSize + 2)
              url = `${base}/v1/public/product-info/${next.search}`;
            else fail(page.data.next, 'a next page that cannot be followed');
          }
        }
      }
      const entries: ListedEntry[] = [];
      for (const [nationalId, item] of listed) {
        if (down()) break;
        const before = known.get(nationalId);
        const unchangedElsewhere =
          before && !before.inProvince && before.listedName === item.name && before.listedStars === item.stars;
        if (unchangedElsewhere) {
          entries.push({ nationalId, listedName: item.name, listedStars: item.stars, inProvince: false, record: null });
          continue;
        }
        const url = `${base}/v1/public/product-info/${nationalId}/`;
        const body = await fetchJson(url);
        if (body === undefined) continue;
        const read = toRecord(body, item.group);
        if ('problem' in read) {
          fail(url, read.problem);
          continue;
        }
        const inProvince = foldSearchKey(read.record.producer.address).includes(province);
        entries.push({
          nationalId,
          listedName: item.name,
          listedStars: item.stars,
          inProvince,
          record: inProvince ? read.record : null,
        });
      }
      return { listed: entries, complete, problems, requests };
    },
  };
}
