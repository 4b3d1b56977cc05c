import { computeCoverage, coverageCsv, coverageXlsx, queryRows } from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../context.ts';
import { t } from '../layout.ts';
import { coveragePage } from '../pages.ts';
import { vietnamDay } from '../vietnam-time.ts';

/** Coverage against the 100% target: the page, its exports (as `report coverage`) and the API. */
export function coverageRoutes(app: FastifyInstance, context: RouteContext): void {
  const { deps } = context;
  const coverage = () => {
    const at = context.now();
    return computeCoverage(deps.db, {
      date: vietnamDay(at),
      asOf: at,
      freshnessHours: deps.freshnessHours,
      countedMarketplaces: deps.countedMarketplaces,
    });
  };
  const trend = async () =>
    (
      await queryRows<{ date: string; percent: number }>(
        deps.db,
        sql`select snapshot_date::text as date, percent from coverage_snapshots where percent is not null order by snapshot_date desc limit 90`,
      )
    ).reverse();

  app.get('/', async (request, reply) =>
    context.render(
      reply,
      request,
      t(request.lang, 'Độ phủ sản phẩm OCOP', 'OCOP coverage'),
      coveragePage(request.lang, await coverage(), await trend()),
    ),
  );
  app.get('/export/coverage.csv', async (_request, reply) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="do-phu-ocop.csv"')
      .send(coverageCsv(await coverage())),
  );
  app.get('/export/coverage.xlsx', async (_request, reply) =>
    reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', 'attachment; filename="do-phu-ocop.xlsx"')
      .send(await coverageXlsx(await coverage())),
  );
  app.get('/api/coverage', async () => coverage());
}
