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

const BOARDS: Array<{ base: string; roles: readonly Role[]; readOnly: boolean }> = [
  { base: '/admin/queues', roles: ['admin'], readOnly: false },
  { base: '/queues', roles: ['admin', 'reviewer'], readOnly: true },
];

/**
 * The BullMQ queues in Bull Board: in full at /admin/queues for admins, read-only at /queues for
 * reviewers too (its API refuses writes there, and so does this guard). Without Redis, /queues says so.
 */
export async function queueBoards(app: FastifyInstance, context: RouteContext): Promise<void> {
  const queues = context.deps.queues ?? [];
  if (queues.length === 0) {
    app.get('/queues', async (request, reply) =>
      context.render(
        reply,
        request,
        t(request.lang, 'Hàng đợi', 'Queues'),
        html`<p>${t(request.lang, 'Hệ thống đang chạy không có Redis (kiểm tra trong một tiến trình): không có hàng đợi để xem.', 'The system runs without Redis (checks in one process): there are no queues to show.')}</p>`,
      ),
    );
    return;
  }
  for (const board of BOARDS) {
    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(board.base);
    createBullBoard({
      queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: board.readOnly })),
      serverAdapter,
      options: { uiConfig: { boardTitle: 'OCOP queues' } },
    });
    const allowed = context.only(board.roles, `the queue board at ${board.base} is for ${board.roles.join(' and ')}`);
    await app.register(
      async (scope) => {
        scope.addHook('onRequest', async (request, reply) => {
          if (board.readOnly && !['GET', 'HEAD'].includes(request.method))
            return context.deny(request, reply, 403, 'this queue board is read-only');
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
