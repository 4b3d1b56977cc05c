import { findProducts, productDetail } from '@ocop-monitor/monitor';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { idParamsSchema } from '../api-schemas.ts';
import type { RouteContext } from '../context.ts';
import { t } from '../layout.ts';
import { checkNoticeOf } from '../listing-check.ts';
import { productPage, productsPage } from '../product-pages.ts';
import { productConsentSection } from './seller-consent-routes.ts';

const SEARCH_LIMIT = 100;
const searchSchema = z.object({ q: z.string().max(100).optional() });

/** Product search and one product's page: listings, check timeline, sold-count chart, alerts. */
export function productRoutes(app: FastifyInstance, context: RouteContext): void {
  const { deps } = context;
  const search = (request: FastifyRequest) => {
    const parsed = searchSchema.safeParse(request.query);
    const query = parsed.success ? (parsed.data.q ?? '').normalize('NFC') : '';
    return { query, products: findProducts(deps.db, { query, limit: SEARCH_LIMIT }) };
  };
  const detail = (request: FastifyRequest) => {
    const params = idParamsSchema.safeParse(request.params);
    return params.success ? productDetail(deps.db, params.data.id, { asOf: context.now() }) : Promise.resolve(null);
  };

  app.get('/products', async (request, reply) => {
    const { query, products } = search(request);
    return context.render(
      reply,
      request,
      t(request.lang, 'Sản phẩm OCOP', 'OCOP products'),
      productsPage(request.lang, query, await products, SEARCH_LIMIT),
    );
  });
  app.get('/products/:id', async (request, reply) => {
    const found = await detail(request);
    if (!found)
      return context.deny(request, reply, 404, t(request.lang, 'Không có sản phẩm này.', 'There is no such product.'));
    const staff = request.user?.role !== 'viewer';
    // Where the marketplaces' open platforms are configured: the shop's consent, under the listings.
    const consent = deps.sellers ? await productConsentSection(context, deps.sellers, request, found.product.id) : null;
    return context.render(
      reply,
      request,
      found.product.name,
      productPage(
        request.lang,
        found,
        context.marketplace,
        staff,
        context.now(),
        { offer: context.checkNowOffer(request), notice: checkNoticeOf(request.query) },
        consent,
      ),
    );
  });
  app.get('/api/products', async (request) => search(request).products);
  app.get('/api/products/:id', async (request, reply) => {
    const found = await detail(request);
    if (!found) return reply.code(404).send({ error: 'no such product' });
    // Contact details are for staff, as on the page.
    return request.user?.role === 'viewer' ? { ...found, product: { ...found.product, producerContact: null } } : found;
  });
}
