import { alertHistory, listAlerts, ReviewError, reviewAlert } from '@ocop-monitor/monitor';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { User } from '../accounts.ts';
import { alertsQuerySchema, idParamsSchema, reviewBodySchema } from '../api-schemas.ts';
import type { RouteContext } from '../context.ts';
import { t } from '../layout.ts';
import { alertPage, alertsPage } from '../pages.ts';

/** The queue shows this many at most; filters narrow it. */
const QUEUE_LIMIT = 500;

/** The review queue, one alert's evidence and audit trail, and confirm / dismiss / snooze (one or many). */
export function alertRoutes(app: FastifyInstance, context: RouteContext): void {
  const { deps } = context;
  const reviewerOnly = context.only(['admin', 'reviewer'], 'a viewer cannot review alerts');
  const queue = async (request: FastifyRequest) => {
    const filter = alertsQuerySchema.safeParse(request.query);
    const query = filter.success ? filter.data : {};
    return {
      query,
      alerts: await listAlerts(deps.db, {
        type: query.type || undefined,
        state: query.state ?? 'live',
        limit: QUEUE_LIMIT,
      }),
    };
  };
  const oneAlert = async (id: number) => (await listAlerts(deps.db, { id }))[0];

  app.get('/alerts', async (request, reply) => {
    const { query, alerts } = await queue(request);
    return context.render(
      reply,
      request,
      t(request.lang, 'Cảnh báo cần xem xét', 'Alerts to review'),
      alertsPage(request.lang, request.user as User, request.csrf ?? '', alerts, query, QUEUE_LIMIT),
    );
  });
  app.get('/alerts/:id', async (request, reply) => {
    const params = idParamsSchema.safeParse(request.params);
    const alert = params.success ? await oneAlert(params.data.id) : undefined;
    if (!alert) return context.deny(request, reply, 404, 'no such alert');
    return context.render(
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
        now: context.now(),
        confirmAfterHours: deps.confirmAfterHours,
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
      return context.deny(request, reply, 400, 'bad review: choose confirm, dismiss or snooze (with a date)');
    try {
      await review(request, [params.data.id], body.data);
    } catch (error) {
      if (error instanceof ReviewError) return context.deny(request, reply, 400, error.message);
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
    if (!ids.success || !body.success)
      return context.deny(request, reply, 400, 'choose at least one alert and an action');
    try {
      await review(request, ids.data, body.data);
    } catch (error) {
      if (error instanceof ReviewError) return context.deny(request, reply, 400, error.message);
      throw error;
    }
    return reply.redirect('/alerts');
  });

  app.get('/api/alerts', async (request) => (await queue(request)).alerts);
  app.get('/api/alerts/:id', async (request, reply) => {
    const params = idParamsSchema.safeParse(request.params);
    const alert = params.success ? await oneAlert(params.data.id) : undefined;
    if (!alert) return reply.code(404).send({ error: 'no such alert' });
    return { alert, history: await alertHistory(deps.db, alert.id) };
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
    return { alert: await oneAlert(params.data.id), history: await alertHistory(deps.db, params.data.id) };
  });
}
