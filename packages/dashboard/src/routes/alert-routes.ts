import {
  alertHistory,
  lastOnSale,
  listAlerts,
  ReviewError,
  registryCommunes,
  reviewAlert,
  reviewQueue,
} from '@ocop-monitor/monitor';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { User } from '../accounts.ts';
import { alertPage, alertsPage, alertTitle, type Names } from '../alert-pages.ts';
import { alertsQuerySchema, idParamsSchema, reviewBodySchema } from '../api-schemas.ts';
import type { RouteContext } from '../context.ts';
import { t } from '../layout.ts';
import { withPageTextMasked } from '../page-text.ts';
import { producerMessages } from '../producer-preview.ts';

/** The API's list shows this many at most; filters narrow it. */
const API_LIMIT = 500;

/** A form's empty fields ("all") are no filter. */
const filled = (query: unknown) =>
  Object.fromEntries(Object.entries((query ?? {}) as Record<string, unknown>).filter(([, value]) => value !== ''));

/** The review queue, one alert's evidence and audit trail, and confirm / dismiss / snooze (one or many). */
export function alertRoutes(app: FastifyInstance, context: RouteContext): void {
  const { deps } = context;
  const reviewerOnly = context.only(['admin', 'reviewer'], 'a viewer cannot review alerts');
  const query = (request: FastifyRequest) => {
    const parsed = alertsQuerySchema.safeParse(filled(request.query));
    return parsed.success ? parsed.data : {};
  };
  const adapters = deps.adapters ?? [];
  const names = async (): Promise<Names> => ({
    marketplace: context.marketplace,
    marketplaces: (adapters.length ? adapters.map((a) => a.id) : deps.countedMarketplaces).map((id) => ({
      id,
      name: context.marketplace(id),
    })),
    communes: await registryCommunes(deps.db),
  });
  // Marketplace page text in evidence is shown with phones, e-mails and contact names masked.
  const masked = <A extends { evidence: unknown }>(alert: A | undefined) =>
    alert && { ...alert, evidence: withPageTextMasked(alert.evidence) };
  const oneAlert = async (id: number) => masked((await reviewQueue(deps.db, { id })).alerts[0]);

  app.get('/alerts', async (request, reply) => {
    const filter = query(request);
    const { group, ...narrowing } = filter;
    const queue = await reviewQueue(deps.db, { ...narrowing, groupByProducer: group === 'producer' });
    return context.render(
      reply,
      request,
      t(request.lang, 'Cảnh báo cần xem xét', 'Alerts to review'),
      alertsPage(request.lang, request.user as User, request.csrf ?? '', queue, filter, await names()),
    );
  });
  app.get('/alerts/:id', async (request, reply) => {
    const params = idParamsSchema.safeParse(request.params);
    const alert = params.success ? await oneAlert(params.data.id) : undefined;
    if (!alert) return context.deny(request, reply, 404, 'no such alert');
    const where = context.marketplace(alert.marketplace);
    const before = alert.listingId === null ? null : await lastOnSale(deps.db, alert.listingId);
    const view = {
      alert,
      before: before && { ...before, title: withPageTextMasked(before.title, 'title') },
      messages: producerMessages(alert, where, {
        locale: deps.messageLocale ?? 'vi',
        smsUnicode: deps.smsUnicode ?? false,
      }),
      history: await alertHistory(deps.db, alert.id),
    };
    return context.render(
      reply,
      request,
      alertTitle(request.lang, alert),
      alertPage(request.lang, request.user as User, request.csrf ?? '', view, where),
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

  app.get('/api/alerts', async (request) => {
    const filter = query(request);
    const alerts = await listAlerts(deps.db, { type: filter.type, state: filter.state ?? 'live', limit: API_LIMIT });
    return alerts.map(masked);
  });
  const apiAlert = async (id: number) => masked((await listAlerts(deps.db, { id }))[0]);
  app.get('/api/alerts/:id', async (request, reply) => {
    const params = idParamsSchema.safeParse(request.params);
    const alert = params.success ? await apiAlert(params.data.id) : undefined;
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
    return { alert: await apiAlert(params.data.id), history: await alertHistory(deps.db, params.data.id) };
  });
}
