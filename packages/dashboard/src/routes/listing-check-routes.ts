import { queryRows } from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idParamsSchema } from '../api-schemas.ts';
import type { RouteContext } from '../context.ts';
import { t } from '../layout.ts';

const bodySchema = z.object({ alert: z.coerce.number().int().positive().optional() });

/**
 * "Kiểm tra lại ngay": staff ask for one listing to be read now (through the queue or in this
 * process, as the service runs); the page they came from then shows the reading or says it is queued.
 */
export function listingCheckRoutes(app: FastifyInstance, context: RouteContext): void {
  const { deps } = context;
  const checkNow = deps.checkListingNow;
  if (!checkNow) return;
  const staffOnly = context.only(['admin', 'reviewer'], {
    vi: 'Tài khoản chỉ xem không yêu cầu kiểm tra lại được.',
    en: 'A viewer cannot ask for a check.',
  });
  app.post('/listings/:id/check', { preHandler: staffOnly }, async (request, reply) => {
    const params = idParamsSchema.safeParse(request.params);
    const [listing] = params.success
      ? await queryRows<{ product_id: number }>(
          deps.db,
          sql`select product_id from listings where id = ${params.data.id}`,
        )
      : [];
    if (!params.success || !listing)
      return context.deny(request, reply, 404, t(request.lang, 'Không có tin đăng này.', 'There is no such listing.'));
    const outcome = await checkNow(params.data.id);
    if (outcome === 'no-listing')
      return context.deny(
        request,
        reply,
        404,
        t(
          request.lang,
          'Tin đăng này không còn trên sàn nào hệ thống kiểm tra được.',
          'This listing is on no marketplace the system checks.',
        ),
      );
    const body = bodySchema.safeParse(request.body ?? {});
    const back =
      body.success && body.data.alert ? `/alerts/${body.data.alert}` : `/products/${Number(listing.product_id)}`;
    return reply.redirect(`${back}?kiem-tra=${outcome}`, 303);
  });
}
