import {
  alertHistory,
  decisionsFor,
  lastOnSale,
  latestReading,
  listAlerts,
  QUEUE_VIEW_WORDS,
  QUEUE_VIEWS,
  queueViewCounts,
  REVIEW_REFUSAL_WORDS,
  ReviewError,
  registryCommunes,
  reviewAlert,
  reviewQueue,
  say,
} from '@ocop-monitor/monitor';
import { listOutbox } from '@ocop-monitor/notify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { User } from '../accounts.ts';
import { alertPage, alertTitle } from '../alert-page.ts';
import { alertsPage, type FormProblem, type Names, type QueueFilter } from '../alert-queue-page.ts';
import { parseApiBody } from '../api-problem.ts';
import { alertsQuerySchema, idParamsSchema, reviewBodySchema } from '../api-schemas.ts';
import type { RouteContext } from '../context.ts';
import { t } from '../layout.ts';
import { checkNoticeOf } from '../listing-check.ts';
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
  const reviewerOnly = context.only(['admin', 'reviewer'], {
    vi: 'Tài khoản chỉ xem không xử lý được cảnh báo.',
    en: 'A viewer cannot review alerts.',
  });
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

  /** The queue's tab: "decide" unless a kind or state was asked for (then every live alert of it). */
  const viewed = (filter: ReturnType<typeof query>): QueueFilter => ({
    ...filter,
    view: filter.view ?? (filter.type || filter.state ? 'all' : 'decide'),
  });
  const queuePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    filter: QueueFilter,
    problem: FormProblem | null,
  ) => {
    const { group, view = 'decide', ...narrowing } = filter;
    const tab = QUEUE_VIEWS[view] as { types?: readonly string[]; states?: readonly string[] };
    const queue = await reviewQueue(deps.db, {
      ...narrowing,
      types: tab.types,
      states: narrowing.state ? undefined : tab.states,
      groupByProducer: group === 'producer',
    });
    return context.render(
      reply,
      request,
      `${t(request.lang, 'Cảnh báo', 'Alerts')}: ${say(QUEUE_VIEW_WORDS, view, request.lang)}`,
      alertsPage(
        request.lang,
        request.user as User,
        request.csrf ?? '',
        queue,
        filter,
        await names(),
        await queueViewCounts(deps.db),
        problem,
      ),
    );
  };
  app.get('/alerts', async (request, reply) => queuePage(request, reply, viewed(query(request)), null));

  const alertView = async (id: number) => {
    const alert = await oneAlert(id);
    if (!alert) return null;
    const where = context.marketplace(alert.marketplace);
    return {
      where,
      view: {
        alert,
        before: alert.listingId === null ? null : await lastOnSale(deps.db, alert.listingId),
        messages: producerMessages(alert, where, {
          locale: deps.messageLocale ?? 'vi',
          smsUnicode: deps.smsUnicode ?? false,
        }),
        told: (await listOutbox(deps.db, { alertId: alert.id })).reverse(),
        history: await alertHistory(deps.db, alert.id),
        latestReading: alert.listingId === null ? null : await latestReading(deps.db, alert.listingId),
      },
    };
  };
  const alertAnswer = async (request: FastifyRequest, reply: FastifyReply, id: number, problem: FormProblem | null) => {
    const found = await alertView(id);
    if (!found)
      return context.deny(request, reply, 404, t(request.lang, 'Không có cảnh báo này.', 'There is no such alert.'));
    return context.render(
      reply,
      request,
      alertTitle(request.lang, found.view.alert),
      alertPage(request.lang, request.user as User, request.csrf ?? '', found.view, found.where, problem, {
        offer: context.checkNowOffer(request, id),
        notice: checkNoticeOf(request.query),
      }),
    );
  };
  app.get('/alerts/:id', async (request, reply) => {
    const params = idParamsSchema.safeParse(request.params);
    if (!params.success)
      return context.deny(request, reply, 404, t(request.lang, 'Không có cảnh báo này.', 'There is no such alert.'));
    return alertAnswer(request, reply, params.data.id, null);
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
  /** A form as typed: what the person wrote is kept when the page comes back with a problem. */
  const typedOf = (body: unknown) => {
    const b = (body ?? {}) as { note?: unknown; until?: unknown; action?: unknown };
    return {
      note: typeof b.note === 'string' ? b.note : undefined,
      until: typeof b.until === 'string' ? b.until : undefined,
      action: typeof b.action === 'string' ? b.action : undefined,
    };
  };
  /** The form's problem in words, naming its field; null when the form can go to the store. */
  const formProblem = (
    request: FastifyRequest,
    typed: ReturnType<typeof typedOf>,
    ids: number[],
  ): FormProblem | null => {
    const lang = request.lang;
    const keep = { note: typed.note, until: typed.until, ids };
    if (!['confirm', 'dismiss', 'snooze'].includes(typed.action ?? ''))
      return {
        field: 'action',
        message: t(lang, 'Hãy bấm một trong các nút quyết định.', 'Press one of the decision buttons.'),
        typed: keep,
      };
    if ((typed.note ?? '').length > 500)
      return {
        field: 'note',
        message: t(lang, 'Ghi chú dài quá 500 ký tự.', 'The note is longer than 500 characters.'),
        typed: keep,
      };
    if (typed.until && !z.iso.date().safeParse(typed.until).success)
      return {
        field: 'until',
        message: t(lang, 'Ô “Hoãn đến” cần một ngày (ngày/tháng/năm).', '“Snooze until” needs a date.'),
        typed: keep,
      };
    if (typed.action === 'snooze' && !typed.until)
      return { field: 'until', message: say(REVIEW_REFUSAL_WORDS, 'snooze_date', lang), typed: keep };
    return null;
  };
  /** The store's refusal, said as the form's problem. */
  const refusal = (
    request: FastifyRequest,
    error: ReviewError,
    typed: ReturnType<typeof typedOf>,
    ids: number[],
  ): FormProblem => ({
    field: error.code === 'snooze_date' ? 'until' : 'action',
    message: say(REVIEW_REFUSAL_WORDS, error.code, request.lang),
    typed: { note: typed.note, until: typed.until, ids },
  });
  const asReview = (typed: ReturnType<typeof typedOf>) =>
    reviewBodySchema.parse({ action: typed.action, note: typed.note || undefined, until: typed.until || undefined });

  app.post('/alerts/:id/review', { preHandler: reviewerOnly }, async (request, reply) => {
    const params = idParamsSchema.safeParse(request.params);
    if (!params.success)
      return context.deny(request, reply, 404, t(request.lang, 'Không có cảnh báo này.', 'There is no such alert.'));
    const typed = typedOf(request.body);
    const problem = formProblem(request, typed, []);
    if (problem) return alertAnswer(request, reply.code(422), params.data.id, problem);
    try {
      await review(request, [params.data.id], asReview(typed));
    } catch (error) {
      if (error instanceof ReviewError)
        return alertAnswer(request, reply.code(422), params.data.id, refusal(request, error, typed, []));
      throw error;
    }
    return reply.redirect(`/alerts/${params.data.id}`);
  });
  app.post('/alerts/review', { preHandler: reviewerOnly }, async (request, reply) => {
    const body = (request.body ?? {}) as { ids?: string | string[]; view?: string };
    const ids = z
      .array(z.coerce.number().int().positive())
      .safeParse(Array.isArray(body.ids) ? body.ids : body.ids ? [body.ids] : []);
    const picked = ids.success ? ids.data : [];
    const typed = typedOf(request.body);
    const filter = viewed(alertsQuerySchema.safeParse({ view: body.view }).data ?? {});
    const again = (problem: FormProblem) => queuePage(request, reply.code(422), filter, problem);
    if (picked.length === 0)
      return again({
        field: 'ids',
        message: t(
          request.lang,
          'Hãy đánh dấu ít nhất một cảnh báo trong danh sách.',
          'Tick at least one alert in the list.',
        ),
        typed: { note: typed.note, until: typed.until, ids: [] },
      });
    const problem = formProblem(request, typed, picked);
    if (problem) return again(problem);
    // All or nothing: a decision that does not apply to one of the kinds picked changes none of them.
    const kinds = (await Promise.all(picked.map(oneAlert))).filter((a) => a !== undefined);
    const unfit = kinds.filter((a) => !decisionsFor(a.type).includes(typed.action as 'confirm'));
    if (unfit.length)
      return again({
        field: 'action',
        message: `${say(REVIEW_REFUSAL_WORDS, 'not_for_kind', request.lang)} (${[...new Set(unfit.map((a) => a.productName ?? ''))].filter(Boolean).slice(0, 3).join(', ')})`,
        typed: { note: typed.note, until: typed.until, ids: picked },
      });
    try {
      await review(request, picked, asReview(typed));
    } catch (error) {
      if (error instanceof ReviewError) return again(refusal(request, error, typed, picked));
      throw error;
    }
    return reply.redirect(`/alerts?view=${filter.view}`);
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
    if (!params.success)
      return reply.code(404).send({ error: t(request.lang, 'Không có cảnh báo này.', 'There is no such alert.') });
    const body = parseApiBody(reviewBodySchema, request.body, request.lang);
    if (body.problem) return reply.code(400).send(body.problem);
    try {
      await review(request, [params.data.id], body.data);
    } catch (error) {
      if (error instanceof ReviewError)
        return reply.code(400).send({ error: say(REVIEW_REFUSAL_WORDS, error.code, request.lang), code: error.code });
      throw error;
    }
    return { alert: await apiAlert(params.data.id), history: await alertHistory(deps.db, params.data.id) };
  });
}
