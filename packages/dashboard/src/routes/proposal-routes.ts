import { acceptProposal, listProposals, ProposalError, rejectProposal } from '@ocop-monitor/monitor';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { User } from '../accounts.ts';
import { idParamsSchema } from '../api-schemas.ts';
import type { RouteContext } from '../context.ts';
import { t } from '../layout.ts';
import { PROPOSAL_STATES, proposalsPage } from '../proposal-pages.ts';

const stateQuery = z.object({ state: z.enum(PROPOSAL_STATES).optional() });

/** Listings proposed by discovery: the queue, and a person's accept or reject. */
/** A refused decision, in the person's words (the store's message is for the log). */
const PROPOSAL_REFUSALS = {
  decided: {
    vi: 'Đề xuất này không còn, hoặc đã có người nhận hay loại trước bạn: tải lại trang để xem.',
    en: 'This proposal is gone or someone decided on it before you: reload the page.',
  },
  not_recognised: {
    vi: 'Địa chỉ của đề xuất không phải trang sản phẩm của sàn mà hệ thống đọc được, nên không nhận được: hãy loại đề xuất này.',
    en: 'The proposal’s address is not a product page the system reads on that marketplace: reject it.',
  },
  already_linked: {
    vi: 'Tin đăng này đã gắn với một sản phẩm khác: hãy loại đề xuất này, hoặc kiểm tra sản phẩm kia.',
    en: 'This listing is already linked to another product: reject the proposal or check that product.',
  },
} as const;

export function proposalRoutes(app: FastifyInstance, context: RouteContext): void {
  const { deps } = context;
  const reviewerOnly = context.only(['admin', 'reviewer'], {
    vi: 'Tài khoản chỉ xem không duyệt được đề xuất.',
    en: 'A viewer cannot decide on proposals.',
  });
  const stateOf = (request: FastifyRequest) => {
    const parsed = stateQuery.safeParse(request.query);
    return parsed.success ? (parsed.data.state ?? 'proposed') : 'proposed';
  };
  /** Accept or reject; the answer is the page (redirect) or the API's JSON. */
  const decide =
    (decision: 'accept' | 'reject', api: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
      const params = idParamsSchema.safeParse(request.params);
      if (!params.success)
        return context.deny(
          request,
          reply,
          404,
          t(request.lang, 'Không có đề xuất này.', 'There is no such proposal.'),
        );
      const by = (request.user as User).displayName;
      try {
        if (decision === 'accept')
          await acceptProposal(deps.db, params.data.id, by, context.now(), deps.adapters ?? []);
        else await rejectProposal(deps.db, params.data.id, by, context.now());
      } catch (error) {
        if (error instanceof ProposalError)
          return context.deny(request, reply, 409, PROPOSAL_REFUSALS[error.code][request.lang]);
        throw error;
      }
      return api
        ? { id: params.data.id, state: decision === 'accept' ? 'accepted' : 'rejected' }
        : reply.redirect('/proposals');
    };

  app.get('/proposals', async (request, reply) => {
    const state = stateOf(request);
    return context.render(
      reply,
      request,
      t(request.lang, 'Tin đăng đề xuất', 'Proposed listings'),
      proposalsPage(
        request.lang,
        request.user as User,
        request.csrf ?? '',
        state,
        await listProposals(deps.db, { state }),
        context.marketplace,
      ),
    );
  });
  app.get('/api/proposals', async (request) => listProposals(deps.db, { state: stateOf(request) }));
  for (const decision of ['accept', 'reject'] as const) {
    app.post(`/proposals/:id/${decision}`, { preHandler: reviewerOnly }, decide(decision, false));
    app.post(`/api/proposals/:id/${decision}`, { preHandler: reviewerOnly }, decide(decision, true));
  }
}
