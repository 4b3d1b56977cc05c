import {
  type OpenDataSettings,
  openDataCatalogTurtle,
  openDataCsv,
  openDataDay,
  openDataDays,
  openDataDictionaryCsv,
  turtleToJsonLd,
} from '@ocop-monitor/monitor';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { RouteContext } from '../context.ts';
import { openDataPage } from '../open-data-page.ts';

/** Everything here is public: the app lets `/open-data/` through without a session when it is turned on. */
export const OPEN_DATA_PREFIX = '/open-data/';
const DAY_FILE = /^ocop-tren-san-(\d{4}-\d{2}-\d{2})\.csv$/u;

/**
 * Open data at a stable address, without login, once the department turns it on (config `openData`):
 * the landing page, the latest day's CSV, each past day's, the dictionary and the DCAT catalogue.
 * Every figure is a kept nightly one, so a file never changes once its day is over.
 */
export function openDataRoutes(app: FastifyInstance, context: RouteContext, settings: OpenDataSettings): void {
  const { deps } = context;
  const header = deps.reportHeader ?? { department: 'Sở Công Thương' };
  const province = header.province ?? header.department;
  const days = () => openDataDays(deps.db, settings.historyDays);
  const csv = (reply: FastifyReply, name: string, body: string) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `inline; filename="${name}"`)
      .header('access-control-allow-origin', '*')
      .send(body);
  const dayCsv = async (reply: FastifyReply, day: string | undefined, name: string) => {
    const report = day ? await openDataDay(deps.db, day) : null;
    if (!report) return reply.code(404).type('text/plain; charset=utf-8').send('Không có số liệu của ngày này.');
    return csv(reply, name, openDataCsv(report));
  };

  app.get(OPEN_DATA_PREFIX, async (request, reply) =>
    context.render(
      reply,
      request,
      'Dữ liệu mở',
      openDataPage({ settings, publisher: header.department, province, days: await days() }),
    ),
  );
  const catalog = async () => openDataCatalogTurtle({ settings, header, days: await days() });
  app.get(`${OPEN_DATA_PREFIX}catalog.ttl`, async (_request, reply) =>
    reply
      .type('text/turtle; charset=utf-8')
      .header('access-control-allow-origin', '*')
      .send(await catalog()),
  );
  // The same catalogue as JSON-LD (made from the Turtle's triples), for harvesters that read JSON.
  app.get(`${OPEN_DATA_PREFIX}catalog.jsonld`, async (_request, reply) =>
    reply
      .type('application/ld+json; charset=utf-8')
      .header('access-control-allow-origin', '*')
      .send(JSON.stringify(turtleToJsonLd(await catalog()), null, 2)),
  );
  app.get(`${OPEN_DATA_PREFIX}tu-dien-du-lieu.csv`, async (_request, reply) =>
    csv(reply, 'tu-dien-du-lieu.csv', openDataDictionaryCsv()),
  );
  app.get(`${OPEN_DATA_PREFIX}ocop-tren-san.csv`, async (_request, reply) => {
    const [newest] = await days();
    return dayCsv(reply, newest, `ocop-tren-san-${newest ?? 'moi-nhat'}.csv`);
  });
  app.get<{ Params: { file: string } }>(`${OPEN_DATA_PREFIX}:file`, async (request, reply) => {
    const day = DAY_FILE.exec(request.params.file)?.[1];
    return dayCsv(reply, day, request.params.file);
  });
}
