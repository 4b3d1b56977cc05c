import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import type { Role } from '../accounts.ts';
import type { RouteContext } from '../context.ts';
import { html } from '../html.ts';
import { t } from '../layout.ts';

// Bull Board is a React page whose scripts come from its own static folder: it needs script-src 'self',
// which the rest of the dashboard (no scripts at all) does not allow.
const BOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'";

/**
 * Bull Board's own page sends its writes (pause, retry, clean) without our CSRF token, and cannot be
 * told to: so the board is read-only for everyone, admins included. Operators pause or resume a
 * marketplace's queue with `ocop-monitor queues pause|resume`, which needs shell access.
 */
const BOARDS: Array<{ base: string; roles: readonly Role[]; readOnly: boolean }> = [
  // A technical page (English, job data): only admins have it in their menu, and only they may open it.
  { base: '/queues', roles: ['admin'], readOnly: true },
];

/**
 * The BullMQ queues in Bull Board, read-only at /queues for admins (its API refuses
 * writes there, and so does this guard; /admin/queues, where admins once wrote, leads there).
 * Without Redis, /queues says so — to the same role.
 */
export async function queueBoards(app: FastifyInstance, context: RouteContext): Promise<void> {
  const queues = context.deps.queues ?? [];
  if (queues.length === 0) {
    const admins = context.only(['admin'], {
      vi: 'Trang hàng đợi dành cho quản trị viên.',
      en: 'The queue board is for admins.',
    });
    app.get('/queues', { preHandler: admins }, async (request, reply) =>
      context.render(
        reply,
        request,
        t(request.lang, 'Hàng đợi', 'Queues'),
        html`<p>${t(request.lang, 'Hệ thống đang chạy không có Redis (kiểm tra trong một tiến trình): không có hàng đợi để xem.', 'The system runs without Redis (checks in one process): there are no queues to show.')}</p>`,
      ),
    );
    return;
  }
  app.get('/admin/queues', async (_request, reply) => reply.redirect('/queues'));
  for (const board of BOARDS) {
    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(board.base);
    createBullBoard({
      queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: board.readOnly })),
      serverAdapter,
      options: { uiConfig: { boardTitle: 'OCOP queues' } },
    });
    const allowed = context.only(board.roles, {
      vi: 'Trang hàng đợi dành cho quản trị viên.',
      en: `The queue board at ${board.base} is for ${board.roles.join(' and ')}.`,
    });
    await app.register(
      async (scope) => {
        scope.addHook('onRequest', async (request, reply) => {
          if (board.readOnly && !['GET', 'HEAD'].includes(request.method))
            return context.deny(
              request,
              reply,
              403,
              request.lang === 'vi' ? 'Trang hàng đợi chỉ để xem.' : 'This queue board is read-only.',
            );
          return allowed.call(scope, request, reply);
        });
        scope.addHook('onSend', async (_request, reply, payload) => {
          reply.header('content-security-policy', BOARD_CSP);
          return payload;
        });
        await scope.register(serverAdapter.registerPlugin());
      },
      { prefix: board.base },
    );
  }
}
