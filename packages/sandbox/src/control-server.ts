import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LISTING_COLUMNS, listingRows, PRODUCT_COLUMNS, productRows, toCsv, toXlsx } from './registry-export.ts';
import type { Sandbox } from './sandbox.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function reply(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  response.writeHead(status, { 'content-type': type });
  response.end(body);
}

/**
 * The sandbox's own endpoints: GET /truth, GET /registry/{products,listings}.{csv,xlsx},
 * POST /advance?days=N, GET /health.
 */
export async function startControlServer(
  sandbox: Sandbox,
  host: string,
  port: number,
): Promise<{ server: Server; baseUrl: string }> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://sandbox');
    const world = sandbox.world;
    void (async () => {
      switch (`${request.method} ${url.pathname}`) {
        case 'GET /health':
          return reply(
            response,
            200,
            'application/json',
            JSON.stringify({ day: world.day, baseUrls: sandbox.baseUrls }),
          );
        case 'GET /truth':
          return reply(response, 200, 'application/json', JSON.stringify(sandbox.truth()));
        case 'GET /registry/products.csv':
          return reply(response, 200, 'text/csv; charset=utf-8', toCsv(PRODUCT_COLUMNS, productRows(world)));
        case 'GET /registry/listings.csv':
          return reply(
            response,
            200,
            'text/csv; charset=utf-8',
            toCsv(LISTING_COLUMNS, listingRows(world, sandbox.urlOf)),
          );
        case 'GET /registry/products.xlsx':
          return reply(response, 200, XLSX, await toXlsx('San pham', PRODUCT_COLUMNS, productRows(world)));
        case 'GET /registry/listings.xlsx':
          return reply(
            response,
            200,
            XLSX,
            await toXlsx('Tin dang', LISTING_COLUMNS, listingRows(world, sandbox.urlOf)),
          );
        case 'POST /advance': {
          const days = Number(url.searchParams.get('days') ?? '1');
          if (!Number.isInteger(days) || days < 1 || days > 3650) {
            return reply(response, 400, 'text/plain', 'days must be a whole number from 1 to 3650');
          }
          sandbox.advanceDays(days);
          return reply(response, 200, 'application/json', JSON.stringify({ day: world.day }));
        }
        default:
          return reply(
            response,
            404,
            'text/plain',
            'GET /truth, /registry/products.csv|xlsx, /registry/listings.csv|xlsx; POST /advance?days=N',
          );
      }
    })().catch((error: unknown) => reply(response, 500, 'text/plain', String(error)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return { server, baseUrl: `http://${host}:${(server.address() as AddressInfo).port}` };
}
