import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import {
  type AfterAlertsHook,
  alertHistory,
  computeCoverage,
  coverageCsv,
  coverageXlsx,
  type Database,
  listAlerts,
  ReviewError,
  reviewAlert,
} from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { checkLogin, endSession, readSession, startSession, type User } from './accounts.ts';
import { alertsQuerySchema, idParamsSchema, openApiDocument, reviewBodySchema } from './api-schemas.ts';
import { html } from './html.ts';
import { type Lang, page, t } from './layout.ts';
import { alertPage, alertsPage, coveragePage, loginPage } from './pages.ts';

export interface DashboardDeps {
  db: Database;
  freshnessHours: number;
  countedMarketplaces: readonly string[];
  /** The notification outbox, written in a review's transaction. */
  afterAlerts?: AfterAlertsHook | undefined;
  /** After a review: deliver what it released. */
  afterReview?: (() => Promise<unknown>) | undefined;
  /** Cookies only over HTTPS (on unless served on localhost for a demo). */
  secureCookies?: boolean;
  now?: () => Date;
}

declare module 'fastify' {
  interface FastifyInstance {
    dashboardRoutes: Array<{ method: string; url: string }>;
  }
  interface FastifyRequest {
    user: User | null;
    csrf: string | null;
    lang: Lang;
  }
}

const SESSION_COOKIE = 'ocop_session';
const PUBLIC = new Set(['/login', '/health']);
const vietnamDate = (now: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(now);
// Every input is NFC: the same Vietnamese word typed composed or decomposed is one word here.
const nfc = (value: unknown): unknown =>
  typeof value === 'string'
    ? value.normalize('NFC')
    : Array.isArray(value)
      ? value.map(nfc)
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, nfc(v)]))
        : value;

/** The department's dashboard: pages (Vietnamese first) and the JSON API, one authorisation. */
export async function createDashboard(deps: DashboardDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, trustProxy: false });
  const now = deps.now ?? (() => new Date());
  await app.register(formbody);
  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  await app.register(rateLimit, { global: false });
  // Every route, as registered: the security tests try each one without a session and with each role.
  const routes: Array<{ method: string; url: string }> = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url });
  });
  app.decorate('dashboardRoutes', routes);
  app.decorateRequest('user', null);
  app.decorateRequest('csrf', null);
  app.decorateRequest('lang', 'vi');

  const isApi = (request: FastifyRequest) => request.url.startsWith('/api/');
  const deny = (request: FastifyRequest, reply: FastifyReply, status: number, message: string) =>
    isApi(request)
      ? reply.code(status).send({ error: message })
      : reply
          .code(status)
          .type('text/html')
          .send(
            page({
              title: String(status),
              lang: request.lang,
              user: request.user,
              body: html`<p>${message}</p>`,
            }),
          );

  app.addHook('preHandler', async (request, reply) => {
    const query = request.query as { lang?: string };
    if (query.lang === 'en' || query.lang === 'vi')
      reply.setCookie('ocop_lang', query.lang, { path: '/', sameSite: 'lax' });
    request.lang = (query.lang ?? request.cookies.ocop_lang) === 'en' ? 'en' : 'vi';
    if (request.body) request.body = nfc(request.body);
    const path = request.url.split('?')[0] ?? '/';
    const token = request.cookies[SESSION_COOKIE];
    const session = token ? await readSession(deps.db, token, now()) : null;
    request.user = session?.user ?? null;
    request.csrf = session?.csrf ?? null;
    if (request.method === 'POST') {
      // Same-origin writes only: browsers say where a request comes from.
      const site = request.headers['sec-fetch-site'];
      if (site && site !== 'same-origin' && site !== 'none')
        return deny(request, reply, 403, 'cross-site request refused');
    }
    if (PUBLIC.has(path)) return;
    if (!request.user)
      return isApi(request) ? reply.code(401).send({ error: 'log in first' }) : reply.redirect('/login');
    if (request.method === 'POST') {
      const sent = (request.body as { _csrf?: string } | undefined)?._csrf ?? request.headers['x-csrf-token'];
      if (!sent || sent !== request.csrf) return deny(request, reply, 403, 'missing or wrong CSRF token');
    }
  });

  const reviewerOnly = async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.user?.role === 'viewer') return deny(request, reply, 403, 'a viewer cannot review alerts');
  };
  const render = (
    reply: FastifyReply,
    request: FastifyRequest,
    title: string,
    body: Parameters<typeof page>[0]['body'],
  ) =>
    reply
      .type('text/html; charset=utf-8')
      .send(page({ title, lang: request.lang, user: request.user, csrf: request.csrf ?? undefined, body }));

  app.get('/health', async () => ({ ok: true }));

  app.get('/login', async (request, reply) =>
    render(reply, request, t(request.lang, 'Đăng nhập', 'Log in'), loginPage(request.lang, null)),
  );
  app.post('/login', { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (request, reply) => {
    const body = z.object({ username: z.string().max(80), password: z.string().max(200) }).safeParse(request.body);
    const user = body.success ? await checkLogin(deps.db, body.data.username, body.data.password) : null;
    if (!user)
      return reply
        .code(401)
        .type('text/html')
        .send(
          page({
            title: t(request.lang, 'Đăng nhập', 'Log in'),
            lang: request.lang,
            user: null,
            body: loginPage(
              request.lang,
              t(request.lang, 'Sai tên đăng nhập hoặc mật khẩu', 'Wrong username or password'),
            ),
          }),
        );
    const { token } = await startSession(deps.db, user.id, now());
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.secureCookies ?? true,
      maxAge: 12 * 3600,
    });
    return reply.redirect('/');
  });
  app.post('/logout', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await endSession(deps.db, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/login');
  });

  const coverage = () => {
    const at = now();
    return computeCoverage(deps.db, {
      date: vietnamDate(at),
      asOf: at,
      freshnessHours: deps.freshnessHours,
      countedMarketplaces: deps.countedMarketplaces,
    });
  };
  const trend = async () =>
    (
      (await deps.db.execute(
        sql`select snapshot_date::text as date, (report->>'percent')::float as percent from coverage_snapshots order by snapshot_date desc limit 90`,
      )) as unknown as { rows: Array<{ date: string; percent: number }> }
    ).rows.reverse();

  app.get('/', async (request, reply) =>
    render(
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

  const queue = async (request: FastifyRequest) => {
    const filter = alertsQuerySchema.safeParse(request.query);
    const query = filter.success ? filter.data : {};
    return {
      query,
      alerts: await listAlerts(deps.db, { type: query.type || undefined, state: query.state ?? 'live' }),
    };
  };
  app.get('/alerts', async (request, reply) => {
    const { query, alerts } = await queue(request);
    return render(
      reply,
      request,
      t(request.lang, 'Cảnh báo cần xem xét', 'Alerts to review'),
      alertsPage(request.lang, request.user as User, request.csrf ?? '', alerts, query),
    );
  });
  const oneAlert = async (id: number) =>
    (await deps.db.execute(sql`select id from alerts where id = ${id}`)) as unknown as { rows: unknown[] };
  app.get('/alerts/:id', async (request, reply) => {
    const params = idParamsSchema.safeParse(request.params);
    const alert = params.success ? (await listAlerts(deps.db, {})).find((a) => a.id === params.data.id) : undefined;
    if (!params.success || !alert) return deny(request, reply, 404, 'no such alert');
    return render(
      reply,
      request,
      `#${alert.id}`,
      alertPage(request.lang, request.user as User, request.csrf ?? '', alert, await alertHistory(deps.db, alert.id)),
    );
  });

  /** Confirm, dismiss or snooze, with the reviewer's name in the audit trail; then deliver what it released. */
  const review = async (request: FastifyRequest, ids: number[], input: z.infer<typeof reviewBodySchema>) => {
    for (const id of ids) {
      await reviewAlert(deps.db, {
        id,
        action: input.action,
        by: (request.user as User).displayName,
        note: input.note || undefined,
        until: input.until ? new Date(`${input.until}T00:00:00+07:00`) : undefined,
        now: now(),
        afterAlerts: deps.afterAlerts,
      });
    }
    await deps.afterReview?.();
  };
  const formReview = (body: unknown) =>
    reviewBodySchema.safeParse({
      ...(body as object),
      note: (body as { note?: string }).note || undefined,
      until: (body as { until?: string }).until || undefined,
    });
  app.post('/alerts/:id/review', { preHandler: reviewerOnly }, async (request, reply) => {
    const params = idParamsSchema.safeParse(request.params);
    const body = formReview(request.body);
    if (!params.success || !body.success)
      return deny(request, reply, 400, 'bad review: choose confirm, dismiss or snooze (with a date)');
    try {
      await review(request, [params.data.id], body.data);
    } catch (error) {
      if (error instanceof ReviewError) return deny(request, reply, 400, error.message);
      throw error;
    }
    return reply.redirect(`/alerts/${params.data.id}`);
  });
  app.post('/alerts/review', { preHandler: reviewerOnly }, async (request, reply) => {
    const raw = (request.body as { ids?: string | string[] }).ids;
    const ids = z
      .array(z.coerce.number().int().positive())
      .min(1)
      .safeParse(Array.isArray(raw) ? raw : raw ? [raw] : []);
    const body = formReview(request.body);
    if (!ids.success || !body.success) return deny(request, reply, 400, 'choose at least one alert and an action');
    try {
      await review(request, ids.data, body.data);
    } catch (error) {
      if (error instanceof ReviewError) return deny(request, reply, 400, error.message);
      throw error;
    }
    return reply.redirect('/alerts');
  });

  app.get('/api/openapi.json', async () => openApiDocument());
  app.get('/api/coverage', async () => coverage());
  app.get('/api/alerts', async (request) => (await queue(request)).alerts);
  app.get('/api/alerts/:id', async (request, reply) => {
    const params = idParamsSchema.safeParse(request.params);
    if (!params.success || (await oneAlert(params.data.id)).rows.length === 0)
      return reply.code(404).send({ error: 'no such alert' });
    const alert = (await listAlerts(deps.db, {})).find((a) => a.id === params.data.id);
    return { alert, history: await alertHistory(deps.db, params.data.id) };
  });
  app.post('/api/alerts/:id/review', { preHandler: reviewerOnly }, async (request, reply) => {
    const params = idParamsSchema.safeParse(request.params);
    const body = reviewBodySchema.safeParse(request.body);
    if (!params.success || !body.success)
      return reply.code(400).send({ error: body.success ? 'bad alert id' : z.prettifyError(body.error) });
    try {
      await review(request, [params.data.id], body.data);
    } catch (error) {
      if (error instanceof ReviewError) return reply.code(400).send({ error: error.message });
      throw error;
    }
    return {
      alert: (await listAlerts(deps.db, {})).find((a) => a.id === params.data.id),
      history: await alertHistory(deps.db, params.data.id),
    };
  });
  return app;
}
