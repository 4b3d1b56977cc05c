import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { errorText, marketplaceName } from '@ocop-monitor/monitor';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  checkLogin,
  endSession,
  normaliseUsername,
  purgeExpiredSessions,
  readSession,
  startSession,
  type User,
} from './accounts.ts';
import { openApiDocument } from './api-schemas.ts';
import type { DashboardDeps, RouteContext } from './context.ts';
import { html, type Raw } from './html.ts';
import { isKnownAddress, rememberAddress } from './known-addresses.ts';
import { type Lang, page, t } from './layout.ts';
import { LoginGuard } from './login-guard.ts';
import { loginPage } from './pages.ts';
import { alertRoutes } from './routes/alert-routes.ts';
import { coverageRoutes } from './routes/coverage-routes.ts';
import { listingCheckRoutes } from './routes/listing-check-routes.ts';
import { OPEN_DATA_PREFIX, openDataRoutes } from './routes/open-data-routes.ts';
import { operationsRoutes } from './routes/operations-routes.ts';
import { CALLBACK_PREFIX, CONSENT_PREFIX, producerConsentRoutes } from './routes/producer-consent-routes.ts';
import { productRoutes } from './routes/product-routes.ts';
import { proposalRoutes } from './routes/proposal-routes.ts';
import { queueBoards } from './routes/queue-boards.ts';
import { registryImportRoutes } from './routes/registry-import-routes.ts';
import { sellerConsentRoutes } from './routes/seller-consent-routes.ts';
import { requestProblem, statusTitle } from './status-words.ts';

export type { DashboardDeps, SellerConsentDeps } from './context.ts';

declare module 'fastify' {
  interface FastifyInstance {
    dashboardRoutes: Array<{ method: string; url: string }>;
  }
  interface FastifyRequest {
    user: User | null;
    csrf: string | null;
    lang: Lang;
  }
}

const SESSION_COOKIE = 'ocop_session';
const PUBLIC = new Set(['/login', '/health']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/**
 * Ten tries a minute per address and account name: guessing one account's password is slowed, while
 * a department behind one office NAT is not locked out at nine in the morning by its own logins.
 * The name is keyed as the lookup reads it (`normaliseUsername`): "demo  " is "demo".
 */
const LOGIN_LIMIT = {
  max: 10,
  timeWindow: '1 minute',
  hook: 'preHandler' as const,
  keyGenerator: (request: FastifyRequest) => {
    const name = (request.body as { username?: unknown } | undefined)?.username;
    return `${request.ip}|${normaliseUsername(typeof name === 'string' ? name : '')}`;
  },
};
/** A login form is a name and a password: nothing bigger is read. */
const LOGIN_BODY_LIMIT = 16 * 1024;
// Every input is NFC: the same Vietnamese word typed composed or decomposed is one word here.
const nfc = (value: unknown): unknown =>
  typeof value === 'string'
    ? value.normalize('NFC')
    : Array.isArray(value)
      ? value.map(nfc)
      : value && Object.getPrototypeOf(value) === Object.prototype
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, nfc(v)]))
        : value;

/** The department's dashboard: pages (Vietnamese first) and the JSON API, one authorisation. */
export async function createDashboard(deps: DashboardDeps): Promise<FastifyInstance> {
  // A request (an upload over a slow provincial link included) has two minutes; a client that
  // dribbles its body slower is cut off rather than hold a socket and a buffer for ever.
  // Behind the province's reverse proxy, `trustProxy` names it: the login limits then key on the
  // browser's address (X-Forwarded-For from that proxy only), not the proxy's.
  const app = Fastify({ logger: false, trustProxy: deps.trustProxy ?? false, requestTimeout: 120_000 });
  const now = deps.now ?? (() => new Date());
  await app.register(formbody);
  // Multipart is parsed by the registry import routes only (their own scope), after the session,
  // the role and the CSRF token: anywhere else a multipart body is refused (415) without being read.
  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  await app.register(rateLimit, { global: false });
  // Every route, as registered: the security tests try each one without a session and with each role.
  const routes: Array<{ method: string; url: string }> = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url });
  });
  app.decorate('dashboardRoutes', routes);
  app.decorateRequest('user', null);
  app.decorateRequest('csrf', null);
  app.decorateRequest('lang', 'vi');

  const isApi = (request: FastifyRequest) => request.url.startsWith('/api/');
  // A producer's consent pages open without login (their link's token is the key) when consent is configured.
  const isPublic = (path: string) =>
    PUBLIC.has(path) ||
    (deps.openData !== undefined && path.startsWith(OPEN_DATA_PREFIX)) ||
    (deps.sellers !== undefined && (path.startsWith(CONSENT_PREFIX) || path.startsWith(CALLBACK_PREFIX)));
  // A path as a log line may show it: a producer's link token never reaches the server log.
  const loggable = (path: string) => path.replace(/^\/dong-y\/[^/?]+/u, '/dong-y/[token]');
  // A refusal is a page of the dashboard (its menu, its language) that says what happened and where to go.
  const deny = (request: FastifyRequest, reply: FastifyReply, status: number, message: string) =>
    isApi(request)
      ? reply.code(status).send({ error: message })
      : reply
          .code(status)
          .type('text/html; charset=utf-8')
          .send(
            page({
              title: statusTitle(status, request.lang),
              lang: request.lang,
              user: request.user,
              csrf: request.csrf ?? undefined,
              body: html`<p role="alert">${message}</p><p><a href="/">${t(request.lang, 'Về trang Hôm nay', 'Back to Today')}</a></p>`,
            }),
          );

  // Bad requests (a body too large, malformed JSON or multipart) get the page or JSON error they
  // would get from a route, with the reason; anything else is a server fault, told without details.
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return deny(request, reply, status, requestProblem(error, status, request.lang));
    // The safe text (a store error never shows its query's parameters) and where it happened.
    const frames = (error.stack ?? '').split('\n').filter((line) => line.trimStart().startsWith('at '));
    process.stderr.write(
      `dashboard: ${request.method} ${loggable(request.url.split('?')[0] ?? '')}: ${errorText(error)}\n${frames.join('\n')}\n`,
    );
    return deny(
      request,
      reply,
      500,
      t(
        request.lang,
        'Máy chủ gặp lỗi; cán bộ kỹ thuật xem chi tiết trong nhật ký máy chủ.',
        'internal error: the server log has the details',
      ),
    );
  });
  app.setNotFoundHandler((request, reply) =>
    deny(
      request,
      reply,
      404,
      t(
        request.lang,
        'Không có trang này. Hãy chọn một mục trong menu.',
        'There is no such page: choose one from the menu.',
      ),
    ),
  );
  // Who is asking, before any body is read: an anonymous upload is refused before it is buffered.
  app.addHook('onRequest', async (request, reply) => {
    const query = request.query as { lang?: string };
    if (query.lang === 'en' || query.lang === 'vi')
      reply.setCookie('ocop_lang', query.lang, { path: '/', sameSite: 'lax' });
    request.lang = (query.lang ?? request.cookies.ocop_lang) === 'en' ? 'en' : 'vi';
    const path = request.url.split('?')[0] ?? '/';
    const token = request.cookies[SESSION_COOKIE];
    const session = token ? await readSession(deps.db, token, now()) : null;
    request.user = session?.user ?? null;
    request.csrf = session?.csrf ?? null;
    if (!SAFE_METHODS.has(request.method)) {
      // Same-origin writes only: browsers say where a request comes from.
      const site = request.headers['sec-fetch-site'];
      if (site && site !== 'same-origin' && site !== 'none')
        return deny(
          request,
          reply,
          403,
          t(request.lang, 'Yêu cầu đến từ trang khác nên bị từ chối.', 'cross-site request refused'),
        );
    }
    if (isPublic(path)) return;
    if (!request.user)
      return isApi(request) ? reply.code(401).send({ error: 'log in first' }) : reply.redirect('/login');
  });
  // Every write carries the session's CSRF token: a form field or the x-csrf-token header. An upload
  // (multipart, the import routes only) has it checked as its first part, before the file is read.
  app.addHook('preHandler', async (request, reply) => {
    // (isMultipart exists only where the import routes registered multipart.)
    if (request.headers['content-type']?.startsWith('multipart/') && typeof request.isMultipart === 'function') return;
    if (request.body) request.body = nfc(request.body);
    const path = request.url.split('?')[0] ?? '/';
    // A producer's form carries no session: its link's token (256 bits, in the address) stands for the CSRF token.
    if (SAFE_METHODS.has(request.method) || isPublic(path)) return;
    const sent = (request.body as { _csrf?: unknown } | undefined)?._csrf ?? request.headers['x-csrf-token'];
    if (!sent || sent !== request.csrf)
      return deny(
        request,
        reply,
        403,
        t(
          request.lang,
          'Phiên làm việc đã đổi (mã chống giả mạo không khớp): hãy tải lại trang rồi làm lại.',
          'missing or wrong CSRF token',
        ),
      );
  });

  // What a logged-in person sees (phone numbers on the outbox, the review queue) is never kept by a
  // browser or proxy cache: the back button after logging out shows nothing.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.user) reply.header('cache-control', 'no-store');
    return payload;
  });

  const render = (reply: FastifyReply, request: FastifyRequest, title: string, body: Raw) =>
    reply
      .type('text/html; charset=utf-8')
      .send(page({ title, lang: request.lang, user: request.user, csrf: request.csrf ?? undefined, body }));

  /** The login page with why the last attempt failed; nobody is logged in on it. */
  const loginAnswer = (request: FastifyRequest, reply: FastifyReply, message: string) =>
    reply.type('text/html; charset=utf-8').send(
      page({
        title: t(request.lang, 'Đăng nhập', 'Log in'),
        lang: request.lang,
        user: null,
        body: loginPage(request.lang, message),
      }),
    );

  app.get('/health', async () => ({ ok: true }));

  app.get('/login', async (request, reply) =>
    render(reply, request, t(request.lang, 'Đăng nhập', 'Log in'), loginPage(request.lang, null)),
  );
  const guard = new LoginGuard();
  app.post('/login', { config: { rateLimit: LOGIN_LIMIT }, bodyLimit: LOGIN_BODY_LIMIT }, async (request, reply) => {
    const body = z.object({ username: z.string().max(80), password: z.string().max(200) }).safeParse(request.body);
    // Keyed on the typed name, known or not: an unknown name is slowed and answered like a real one.
    const name = body.success ? normaliseUsername(body.data.username) : '';
    const known = await isKnownAddress(deps.db, name, request.ip);
    const wait = guard.waitFor(name, request.ip, known);
    if (wait > 0)
      return loginAnswer(
        request,
        reply.code(429).header('retry-after', String(wait)),
        t(
          request.lang,
          `Có quá nhiều lần đăng nhập sai; hãy thử lại sau ${Math.ceil(wait / 60)} phút.`,
          `Too many failed logins; try again in ${Math.ceil(wait / 60)} minutes.`,
        ),
      );
    // A malformed form costs the same Argon2 run as a wrong password (checkLogin verifies a dummy hash).
    const login = await checkLogin(deps.db, name, body.success ? body.data.password : '');
    if (login.user) await rememberAddress(deps.db, login.user.id, request.ip);
    else guard.failed(name, request.ip, known);
    const user = login.user;
    if (!user)
      return loginAnswer(
        request,
        reply.code(401),
        t(request.lang, 'Sai tên đăng nhập hoặc mật khẩu', 'Wrong username or password'),
      );
    // A new login ends this browser's older session, and sweeps sessions that expired.
    const older = request.cookies[SESSION_COOKIE];
    if (older) await endSession(deps.db, older);
    await purgeExpiredSessions(deps.db, now());
    const { token } = await startSession(deps.db, user.id, now());
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.secureCookies ?? true,
      maxAge: 12 * 3600,
    });
    return reply.redirect('/');
  });
  app.post('/logout', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await endSession(deps.db, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/login');
  });

  const context: RouteContext = {
    deps,
    now,
    render,
    deny,
    marketplace: (id) => marketplaceName(id, deps.adapters),
    only: (roles, refusal) => async (request, reply) => {
      if (!request.user || !roles.includes(request.user.role)) return deny(request, reply, 403, refusal[request.lang]);
    },
    checkNowOffer: (request, alertId) =>
      deps.checkListingNow && request.user && request.user.role !== 'viewer'
        ? { csrf: request.csrf ?? '', alertId, nextCheckAt: deps.nextCheckAt?.(now()) ?? null }
        : null,
  };
  app.get('/api/openapi.json', async () => openApiDocument());
  coverageRoutes(app, context);
  alertRoutes(app, context);
  productRoutes(app, context);
  listingCheckRoutes(app, context);
  proposalRoutes(app, context);
  await registryImportRoutes(app, context);
  operationsRoutes(app, context);
  await queueBoards(app, context);
  if (deps.openData) openDataRoutes(app, context, deps.openData);
  if (deps.sellers) {
    producerConsentRoutes(app, context, deps.sellers);
    sellerConsentRoutes(app, context, deps.sellers);
  }
  return app;
}
