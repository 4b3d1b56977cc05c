import { healthHistory } from '@ocop-monitor/monitor';
import { listOutbox, OUTBOX_STATES } from '@ocop-monitor/notify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RouteContext } from '../context.ts';
import { t } from '../layout.ts';
import { healthPage, outboxPage } from '../operations-pages.ts';

const outboxQuery = z.object({
  state: z.enum(OUTBOX_STATES).optional(),
  /** The messages about one alert (the alert page links here). */
  alert: z.coerce.number().int().positive().optional(),
});

/** How each marketplace answered per run, and the notification outbox (who was told what). */
export function operationsRoutes(app: FastifyInstance, context: RouteContext): void {
  const { deps } = context;
  // The outbox holds producers' phone numbers and e-mail addresses: not for viewers.
  const staffOnly = context.only(['admin', 'reviewer'], {
    vi: 'Hộp thư đi có số điện thoại và e-mail của chủ thể: chỉ cán bộ xử lý và quản trị viên xem được.',
    en: 'The outbox holds contact details: reviewers and admins only.',
  });
  const outbox = (request: FastifyRequest) => {
    const asked = request.query as { state?: string; alert?: string };
    const parsed = outboxQuery.safeParse({ state: asked.state || undefined, alert: asked.alert || undefined });
    const state = parsed.success ? parsed.data.state : undefined;
    const alertId = parsed.success ? parsed.data.alert : undefined;
    return { state, alertId, rows: listOutbox(deps.db, { state, alertId }) };
  };

  app.get('/marketplaces', async (request, reply) =>
    context.render(
      reply,
      request,
      t(request.lang, 'Tình trạng các sàn theo lần chạy', 'Marketplace health per run'),
      healthPage(request.lang, await healthHistory(deps.db, { runs: 30 }), context.marketplace),
    ),
  );
  app.get('/api/marketplaces', async () => healthHistory(deps.db, { runs: 30 }));
  app.get('/outbox', { preHandler: staffOnly }, async (request, reply) => {
    const { state, alertId, rows } = outbox(request);
    return context.render(
      reply,
      request,
      t(request.lang, 'Thông báo đã gửi và đang chờ', 'Notification outbox'),
      outboxPage(request.lang, state, alertId, await rows),
    );
  });
  app.get('/api/outbox', { preHandler: staffOnly }, async (request) => outbox(request).rows);
}
