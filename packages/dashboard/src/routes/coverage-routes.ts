import {
  coverageCsv,
  coverageXlsx,
  createCoverageCache,
  endedConsentsSince,
  OPEN_DATA_DICTIONARY,
  openDataCsv,
  openDataJson,
  queryRows,
  queueViewCounts,
  whatChanged,
} from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { endedConsentsSection } from '../consent-section.ts';
import type { RouteContext } from '../context.ts';
import { t } from '../layout.ts';
import { coveragePage } from '../pages.ts';
import { todayPage } from '../today-page.ts';
import { vietnamDay } from '../vietnam-time.ts';
import { reportRoutes } from './report-routes.ts';

/** Today (the home page), coverage against the 100% target with its exports (as `report coverage`), and the API. */
export function coverageRoutes(app: FastifyInstance, context: RouteContext): void {
  const { deps } = context;
  // Pages, exports and the API ask for the same report many times a day; it is recomputed only
  // when something it reads has changed (a check, a review, an import, a new day, a stale listing).
  const cachedCoverage = createCoverageCache(deps.db);
  const coverage = () => {
    const at = context.now();
    return cachedCoverage({
      date: vietnamDay(at),
      asOf: at,
      freshnessHours: deps.freshnessHours,
      countedMarketplaces: deps.countedMarketplaces,
      marketplaceNames: Object.fromEntries(deps.countedMarketplaces.map((id) => [id, context.marketplace(id)])),
    });
  };
  const trend = async () =>
    (
      await queryRows<{ date: string; percent: number }>(
        deps.db,
        sql`select snapshot_date::text as date, percent from coverage_snapshots where percent is not null order by snapshot_date desc limit 90`,
      )
    ).reverse();

  // The home page: what changed since the previous run, for the clerk who opens it each morning.
  app.get('/', async (request, reply) =>
    context.render(
      reply,
      request,
      t(request.lang, 'Hôm nay', 'Today'),
      todayPage(
        request.lang,
        await whatChanged(deps.db),
        await trend(),
        context.marketplace,
        (await queueViewCounts(deps.db)).decide,
        await coverage(),
        // A week of ended consents: the clerk who opens Today each morning sees each one.
        deps.sellers
          ? endedConsentsSection(
              request.lang,
              await endedConsentsSince(deps.db, new Date(context.now().getTime() - 7 * 86_400_000)),
              context.marketplace,
            )
          : null,
      ),
    ),
  );
  app.get('/coverage', async (request, reply) =>
    context.render(
      reply,
      request,
      t(request.lang, 'Độ phủ sản phẩm OCOP', 'OCOP coverage'),
      coveragePage(request.lang, await coverage(), await trend(), context.marketplace),
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
  // The report sent upward (page, DOCX, XLSX) and its figures as open data.
  reportRoutes(app, context, coverage);
  const header = deps.reportHeader ?? { department: 'Sở Công Thương' };
  app.get('/export/open-data.csv', async (_request, reply) => {
    const report = await coverage();
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="ocop-tren-san-${report.date}.csv"`)
      .send(openDataCsv(report));
  });
  app.get('/export/open-data.json', async () => openDataJson(await coverage(), header));
  app.get('/export/open-data-dictionary.json', async () => OPEN_DATA_DICTIONARY);
  app.get('/api/coverage', async () => coverage());
}
