import {
  consentById,
  consentMessages,
  consentsOfShops,
  consentTarget,
  endSellerConsent,
  INVITE_VALID_DAYS,
  inviteSellerConsent,
  shopeeShopOf,
  UNBOUND_SHOP,
} from '@ocop-monitor/monitor';
import { queueConsentInvite } from '@ocop-monitor/notify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type ConsentListing, consentSection, inviteChannels } from '../consent-section.ts';
import type { RouteContext, SellerConsentDeps } from '../context.ts';
import type { Raw } from '../html.ts';
import { t } from '../layout.ts';
import { CONSENT_PREFIX } from './producer-consent-routes.ts';

const inviteBody = z.object({
  listing: z.coerce.number().int().positive(),
  channel: z.enum(['zns', 'sms', 'email']),
});
const revokeParams = z.object({
  id: z.coerce.number().int().positive(),
  consentId: z.coerce.number().int().positive(),
});
const productParams = z.object({ id: z.coerce.number().int().positive() });
const noticeQuery = z.object({ consent: z.enum(['sent', 'revoked']).optional() });

/**
 * The listings of a product whose shop can consent: on a marketplace with an open platform, the shop
 * known — or, on Lazada and TikTok Shop (whose addresses name no shop), not known yet
 * (`UNBOUND_SHOP`): the platform names it when the producer authorises.
 */
function consentListings(
  target: NonNullable<Awaited<ReturnType<typeof consentTarget>>>,
  sellers: SellerConsentDeps,
  where: (id: string) => string,
): ConsentListing[] {
  return target.listings.flatMap((listing) => {
    if (!sellers.sources.some((source) => source.marketplace === listing.marketplace)) return [];
    const shopId = listing.marketplace === 'shopee' ? shopeeShopOf(listing) : (listing.shopId ?? UNBOUND_SHOP);
    return shopId !== null && shopId !== undefined
      ? [{ listingId: listing.id, marketplace: listing.marketplace, shopId, label: where(listing.marketplace) }]
      : [];
  });
}

/**
 * Staff's side of a shop's consent, on the product page: send the producer a link (Zalo ZNS, SMS or
 * e-mail, through the outbox), see where the consent stands, revoke it. Reviewers and admins only.
 */
export function sellerConsentRoutes(app: FastifyInstance, context: RouteContext, sellers: SellerConsentDeps): void {
  const { deps } = context;
  const where = (id: string) => context.marketplace(id);
  const staffOnly = context.only(['admin', 'reviewer'], {
    vi: 'Chỉ cán bộ xử lý và quản trị viên được gửi lời mời hoặc thu hồi sự đồng ý của người bán.',
    en: "Only reviewers and admins invite or revoke a seller's consent.",
  });

  app.post('/products/:id/consent', { preHandler: staffOnly }, async (request, reply) => {
    const params = productParams.safeParse(request.params);
    const body = inviteBody.safeParse(request.body);
    const target = params.success ? await consentTarget(deps.db, params.data.id) : null;
    if (!target)
      return context.deny(request, reply, 404, t(request.lang, 'Không có sản phẩm này.', 'There is no such product.'));
    if (!body.success)
      return context.deny(
        request,
        reply,
        400,
        t(request.lang, 'Hãy chọn tin đăng và kênh gửi.', 'Choose a listing and a channel.'),
      );
    const listing = consentListings(target, sellers, where).find((l) => l.listingId === body.data.listing);
    if (!listing)
      return context.deny(
        request,
        reply,
        409,
        t(
          request.lang,
          'Tin đăng này không thuộc sản phẩm, hoặc sàn của nó không có kết nối dữ liệu người bán.',
          'This listing is not the product’s, or its marketplace has no seller connection.',
        ),
      );
    const channel = inviteChannels(target.producer, sellers.channels).find((c) => c.channel === body.data.channel);
    if (!channel)
      return context.deny(
        request,
        reply,
        409,
        t(
          request.lang,
          'Chủ thể chưa đồng ý nhận tin qua kênh này hoặc chưa có địa chỉ cho kênh này.',
          'The producer has not agreed to this channel or has no address for it.',
        ),
      );
    const now = context.now();
    const { consentId, inviteToken } = await inviteSellerConsent(deps.db, {
      marketplace: listing.marketplace,
      ...(listing.shopId === UNBOUND_SHOP ? {} : { shopId: listing.shopId }),
      producerId: target.producer.id,
      invitedBy: request.user?.username ?? null,
    });
    await queueConsentInvite(deps.db, {
      consentId,
      producerId: target.producer.id,
      channel: channel.channel,
      recipient: channel.recipient,
      locale: deps.messageLocale ?? 'vi',
      now,
      facts: {
        department: deps.reportHeader?.department ?? 'Sở Công Thương',
        producerName: target.producer.name,
        productName: target.productName,
        marketplaceName: where(listing.marketplace),
        readsSales: sellers.sources.find((one) => one.marketplace === listing.marketplace)?.reads?.sales === true,
        link: new URL(`${CONSENT_PREFIX}${inviteToken}`, sellers.publicUrl).href,
        validUntil: new Date(now.getTime() + INVITE_VALID_DAYS * 86_400_000),
      },
    });
    // Delivered now, like a reviewed alert's message (quiet hours still hold phone channels back).
    await deps.afterReview?.();
    return reply.redirect(`/products/${target.productId}?consent=sent#dong-y`, 303);
  });

  app.post('/products/:id/consent/:consentId/revoke', { preHandler: staffOnly }, async (request, reply) => {
    const params = revokeParams.safeParse(request.params);
    const target = params.success ? await consentTarget(deps.db, params.data.id) : null;
    const consent = params.success ? await consentById(deps.db, params.data.consentId) : null;
    // Only a consent of a shop this product is listed in: an id from another product's page is refused.
    const ours =
      target &&
      consent &&
      consentListings(target, sellers, where).some(
        (l) =>
          l.marketplace === consent.marketplace &&
          l.shopId === consent.shopId &&
          // An invitation for a shop not known yet is only its producer's products'.
          (consent.shopId !== UNBOUND_SHOP || consent.producerId === target.producer.id),
      );
    if (!target || !consent || !ours)
      return context.deny(
        request,
        reply,
        404,
        t(request.lang, 'Không có sự đồng ý này ở sản phẩm này.', 'No such consent on this product.'),
      );
    await endSellerConsent(deps.db, { consentId: consent.id }, 'revoked', request.user?.username ?? null);
    return reply.redirect(`/products/${target.productId}?consent=revoked#dong-y`, 303);
  });
}

/** The product page's consent section (empty where no listing of the product can consent). */
export async function productConsentSection(
  context: RouteContext,
  sellers: SellerConsentDeps,
  request: FastifyRequest,
  productId: number,
): Promise<Raw | null> {
  const target = await consentTarget(context.deps.db, productId);
  if (!target) return null;
  const where = (id: string) => context.marketplace(id);
  const listings = consentListings(target, sellers, where);
  // Invitations for a shop not known yet are shown on their own producer's products only.
  const consents = (await consentsOfShops(context.deps.db, listings)).filter(
    (c) => c.shopId !== UNBOUND_SHOP || c.producerId === target.producer.id,
  );
  const staff = request.user?.role === 'admin' || request.user?.role === 'reviewer';
  return consentSection({
    lang: request.lang,
    productId,
    listings,
    consents,
    messages: staff
      ? await consentMessages(
          context.deps.db,
          consents.map((c) => c.id),
        )
      : [],
    channels: inviteChannels(target.producer, sellers.channels),
    staff,
    csrf: request.csrf ?? '',
    where,
    readsSales: (id) => sellers.sources.some((source) => source.marketplace === id && source.reads?.sales === true),
    notice: noticeQuery.safeParse(request.query).data?.consent ?? null,
  });
}
