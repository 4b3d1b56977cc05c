import { SellerAuthError } from '@ocop-monitor/adapters';
import {
  beginSellerAuthorisation,
  bindConsentingShopListings,
  ConsentError,
  completeSellerAuthorisation,
  consentForInvite,
  endSellerConsent,
  marketplaceName,
} from '@ocop-monitor/monitor';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  activePage,
  endedPage,
  invitationPage,
  thankYouPage,
  unusableLinkPage,
  withdrawnPage,
} from '../consent-pages.ts';
import type { RouteContext, SellerConsentDeps } from '../context.ts';
import type { Raw } from '../html.ts';
import { page, t } from '../layout.ts';

/** The producer's link: `/dong-y/<token>`; the marketplace sends them back to `/ket-noi-san/<marketplace>/callback`. */
export const CONSENT_PREFIX = '/dong-y/';
export const CALLBACK_PREFIX = '/ket-noi-san/';
const callbackPath = (marketplace: string) => `${CALLBACK_PREFIX}${marketplace}/callback`;

// Thirty tries a minute per address: a producer pressing twice is fine, a token hunt is slowed.
const PUBLIC_LIMIT = { max: 30, timeWindow: '1 minute' };
const tokenParams = z.object({ token: z.string().regex(/^[\w-]{20,100}$/u) });
const actionBody = z.object({ action: z.enum(['consent', 'withdraw']) });
const callbackQuery = z.object({
  state: z.string().min(1).max(200),
  // Absent when the producer cancelled on the marketplace's page.
  code: z.string().min(1).max(500).optional(),
  // Shopee names the shop that authorised; Lazada and TikTok Shop do not (their token answer does).
  shop_id: z
    .string()
    .regex(/^\d{1,20}$/u)
    .optional(),
});

/**
 * The pages a producer opens without logging in: the invitation (what will be read, who reads it,
 * how to withdraw), "Đồng ý" to the marketplace's authorisation page, the marketplace's callback,
 * the thank-you page, and withdrawal. A wrong, spent or expired link is a page in words.
 */
export function producerConsentRoutes(app: FastifyInstance, context: RouteContext, sellers: SellerConsentDeps): void {
  const { deps } = context;
  const department = deps.reportHeader?.department ?? 'Sở Công Thương';
  const where = (id: string) => marketplaceName(id, deps.adapters);
  // The number sold is promised only where the marketplace's record has one.
  const readsSales = (id: string) => sellers.sources.find((source) => source.marketplace === id)?.reads?.sales === true;
  // "Đồng ý" posts here and is sent on to the marketplace's authorisation page: browsers hold a
  // form's redirect to the page's form-action too, so the platforms' own origins are allowed there.
  const platforms = sellers.sources.flatMap((source) => {
    try {
      return [new URL(source.authorizationUrl({ redirect: sellers.publicUrl })).origin];
    } catch {
      return [];
    }
  });
  const withPlatforms = (policy: unknown) =>
    String(policy ?? '').replace("form-action 'self'", `form-action 'self' ${platforms.join(' ')}`);
  // The producer's pages: never cached, no menu, in the producer's language.
  const answer = (reply: FastifyReply, request: FastifyRequest, status: number, title: string, body: Raw) =>
    reply
      .code(status)
      .header('cache-control', 'no-store')
      .header('content-security-policy', withPlatforms(reply.getHeader('content-security-policy')))
      .type('text/html; charset=utf-8')
      .send(page({ title, lang: request.lang, user: null, body }));
  const unusable = (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    why: Parameters<typeof unusableLinkPage>[1],
  ) =>
    answer(
      reply,
      request,
      status,
      t(request.lang, 'Liên kết không dùng được', 'This link cannot be used'),
      unusableLinkPage(request.lang, why, department),
    );
  const title = (request: FastifyRequest, marketplace: string) =>
    t(request.lang, `Đọc dữ liệu shop trên ${where(marketplace)}`, `Reading your shop on ${where(marketplace)}`);

  app.get(`${CONSENT_PREFIX}:token`, { config: { rateLimit: PUBLIC_LIMIT } }, async (request, reply) => {
    const params = tokenParams.safeParse(request.params);
    const consent = params.success ? await consentForInvite(deps.db, params.data.token) : null;
    if (!consent) return unusable(request, reply, 404, 'unknown');
    const lang = request.lang;
    const name = where(consent.marketplace);
    switch (consent.standing) {
      case 'expired':
        return unusable(request, reply, 410, 'expired');
      case 'invited':
        return answer(
          reply,
          request,
          200,
          title(request, consent.marketplace),
          invitationPage(lang, consent, department, name, readsSales(consent.marketplace)),
        );
      case 'active':
        return answer(
          reply,
          request,
          200,
          title(request, consent.marketplace),
          activePage(lang, consent, department, name, readsSales(consent.marketplace)),
        );
      case 'ended':
        return consent.endedWhy === 'revoked'
          ? unusable(request, reply, 410, 'revoked')
          : answer(
              reply,
              request,
              200,
              title(request, consent.marketplace),
              endedPage(lang, consent, department, name, readsSales(consent.marketplace)),
            );
    }
  });

  app.post(`${CONSENT_PREFIX}:token`, { config: { rateLimit: PUBLIC_LIMIT } }, async (request, reply) => {
    const params = tokenParams.safeParse(request.params);
    const body = actionBody.safeParse(request.body);
    const consent = params.success ? await consentForInvite(deps.db, params.data.token) : null;
    if (!params.success || !consent) return unusable(request, reply, 404, 'unknown');
    if (!body.success)
      return context.deny(request, reply, 400, t(request.lang, 'Yêu cầu không hợp lệ.', 'Bad request.'));
    const token = params.data.token;
    if (body.data.action === 'withdraw') {
      if (consent.standing === 'ended' && consent.endedWhy === 'revoked')
        return unusable(request, reply, 410, 'revoked');
      await endSellerConsent(deps.db, { inviteToken: token }, 'withdrawn');
      return answer(
        reply,
        request,
        200,
        t(request.lang, 'Đã rút lại sự đồng ý', 'Consent withdrawn'),
        withdrawnPage(request.lang, department),
      );
    }
    const source = sellers.sources.find((candidate) => candidate.marketplace === consent.marketplace);
    if (!source) return unusable(request, reply, 410, 'unknown');
    try {
      const authorise = await beginSellerAuthorisation(deps.db, {
        inviteToken: token,
        source,
        callbackUrl: new URL(callbackPath(consent.marketplace), sellers.publicUrl).href,
        now: context.now(),
      });
      return reply.header('cache-control', 'no-store').redirect(authorise, 303);
    } catch (error) {
      if (error instanceof ConsentError)
        return unusable(
          request,
          reply,
          410,
          consent.standing === 'expired' ? 'expired' : consent.endedWhy === 'revoked' ? 'revoked' : 'unknown',
        );
      throw error;
    }
  });

  app.get(
    `${CALLBACK_PREFIX}:marketplace/callback`,
    { config: { rateLimit: PUBLIC_LIMIT } },
    async (request, reply) => {
      const marketplace = (request.params as { marketplace?: string }).marketplace ?? '';
      const source = sellers.sources.find((candidate) => candidate.marketplace === marketplace);
      const query = callbackQuery.safeParse(request.query);
      if (!source || !query.success) return unusable(request, reply, 400, 'refused');
      // Sent back without a code: the producer pressed cancel on the marketplace's page.
      if (query.data.code === undefined) return unusable(request, reply, 400, 'cancelled');
      // Shopee always names the shop that authorised: a callback of Shopee's without one is not Shopee's.
      if (marketplace === 'shopee' && query.data.shop_id === undefined) return unusable(request, reply, 400, 'refused');
      let completed: Awaited<ReturnType<typeof completeSellerAuthorisation>>;
      try {
        completed = await completeSellerAuthorisation(deps.db, {
          state: query.data.state,
          code: query.data.code,
          ...(query.data.shop_id === undefined ? {} : { shopId: query.data.shop_id }),
          source,
          key: sellers.key,
          now: context.now(),
        });
      } catch (error) {
        if (error instanceof ConsentError)
          return unusable(request, reply, 400, error.kind === 'state_spent' ? 'state_spent' : 'refused');
        // The platform refused the code (spent, expired): nothing is stored; the producer starts again from the link.
        // The platform failing (down, slow, its pace) is not a refusal: the producer tries the link again later.
        if (error instanceof SellerAuthError)
          return unusable(request, reply, 502, error.needsConsent ? 'refused' : 'platform_down');
        throw error;
      }
      // The shop's listings whose item is in its own list are bound to it now (Lazada's and TikTok
      // Shop's addresses name no shop); a failure leaves it to the daily run, the consent stands.
      if (sellers.http)
        await bindConsentingShopListings(deps.db, {
          source,
          key: sellers.key,
          http: sellers.http,
          now: context.now(),
          shopId: completed.shopId,
        }).catch((error: unknown) => request.log.warn({ err: (error as Error).message }, 'listings not bound'));
      // The address with the spent state is left behind: a reload shows the thank-you page, not an error.
      return reply.redirect(`${CALLBACK_PREFIX}${marketplace}/cam-on`, 303);
    },
  );

  app.get(`${CALLBACK_PREFIX}:marketplace/cam-on`, async (request, reply) => {
    const marketplace = (request.params as { marketplace?: string }).marketplace ?? '';
    if (!sellers.sources.some((candidate) => candidate.marketplace === marketplace))
      return unusable(request, reply, 404, 'unknown');
    return answer(
      reply,
      request,
      200,
      t(request.lang, 'Cảm ơn anh/chị', 'Thank you'),
      thankYouPage(request.lang, department, where(marketplace), readsSales(marketplace)),
    );
  });
}
