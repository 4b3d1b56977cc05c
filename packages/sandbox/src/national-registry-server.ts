import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NATIONAL_TYPES, type NationalRecord, type NationalRegistry } from './national-registry.ts';
import { foldVietnamese } from './world/vietnamese.ts';

const LIST_PATH = '/v1/public/product-info/';
const DETAIL_PATH = /^\/v1\/public\/product-info\/(\d+)\/$/u;
/** The national registry's public API on localhost, in the shape the 2021 front end was seen calling. */
export async function startNationalRegistryServer(
  registry: NationalRegistry,
  host: string,
  port: number,
  outage: () => boolean,
): Promise<{ server: Server; baseUrl: string; requests: () => number }> {
  let requests = 0;
  const server = createServer((request, response) => {
    requests += 1;
    const url = new URL(request.url ?? '/', 'http://sandbox');
    const send = (status: number, json: unknown) =>
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    if (request.method !== 'GET') return send(405, { detail: 'Method not allowed' });
    if (url.pathname === '/robots.txt') return response.writeHead(200, { 'content-type': 'text/plain' }).end('');
    // An outage: the first page answers, later ones fail — a sync must not read that as removals.
    const page = Number(url.searchParams.get('page') ?? '1');
    if (outage() && (url.pathname !== LIST_PATH || page > 1)) return send(503, { detail: 'Service unavailable' });
    const records = registry.records();
    if (url.pathname === LIST_PATH) {
      const type = url.searchParams.get('type') ?? '';
      const stars = url.searchParams.get('ocop_star') ?? '';
      const search = foldVietnamese(url.searchParams.get('search') ?? '');
      const size = Math.min(100, Math.max(1, Number(url.searchParams.get('page_size') ?? '12') || 12));
      if (type && !(type in NATIONAL_TYPES)) return send(400, { type: [`"${type}" is not a valid choice.`] });
      const matching = records.filter(
        (r) =>
          (!type || r.type === type) &&
          (!stars || String(r.ocop_star) === stars) &&
          foldVietnamese(r.name).includes(search),
      );
      if (!Number.isInteger(page) || page < 1 || (page - 1) * size >= Math.max(matching.length, 1))
        return send(404, { detail: 'Invalid page.' });
      const at = (n: number) => {
        const next = new URL(url.href);
        next.searchParams.set('page', String(n));
        return `http://${request.headers.host}${next.pathname}${next.search}`;
      };
      return send(200, {
        count: matching.length,
        next: page * size < matching.length ? at(page + 1) : null,
        previous: page > 1 ? at(page - 1) : null,
        results: matching
          .slice((page - 1) * size, page * size)
          .map((r: NationalRecord) => ({ id: Number(r.id), name: r.name, image: null, ocop_star: r.ocop_star })),
      });
    }
    const id = DETAIL_PATH.exec(url.pathname)?.[1];
    const record = id ? records.find((r) => r.id === id) : undefined;
    if (!record) return send(404, { detail: 'Not found.' });
    return send(200, {
      ...record,
      id: Number(record.id),
      description: '',
      story: '<p></p>',
      information: '<p></p>',
      certificate_img: null,
      images: [],
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return { server, baseUrl: `http://${host}:${(server.address() as AddressInfo).port}`, requests: () => requests };
}
