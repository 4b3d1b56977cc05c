import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  GATEWAY_404_BODY,
  LOGIN_WALL_PAGE,
  MAINTENANCE_PAGE,
  movedPage,
  NGINX_404_PAGE,
  REGION_WALL_PAGE,
  type Trick,
  WAF_404_PAGE,
} from './adversarial.ts';
import type { FaultPlan } from './faults.ts';
import { html, json, ROBOTS_TXT, redirect, type SiteResponse } from './sites/format.ts';
import type { Site, SiteContext } from './sites/site.ts';

const CHALLENGE = `<!DOCTYPE html><html lang="en"><head><title>Just a moment...</title></head><body>
<div id="challenge-form"><script src="/cdn-cgi/challenge-platform/h/b/orchestrate/jsch/v1"></script></div></body></html>`;

export interface SiteServerDeps {
  site: Site;
  faults: FaultPlan;
  day(): number;
  context(): SiteContext;
  onRequest(): void;
}

function send(response: ServerResponse, answer: SiteResponse): void {
  response.writeHead(answer.status, answer.headers);
  response.end(answer.body);
}

/**
 * The adversarial profile's answers that need no site markup: bounces home (with a return address,
 * or to `/` on a day the home page is a challenge), a firewall's 404, a shop address bounced home.
 */
function adversarialAnswer(deps: SiteServerDeps, path: string): SiteResponse | null {
  const kind = deps.site.kind;
  if (!deps.faults.profile(kind).adversarial) return null;
  const plan = deps.faults.adversarial;
  const day = deps.day();
  const bounce = () => redirect(`/?returnUrl=${encodeURIComponent(path)}`);
  if (path === '/' && plan.challengeDay(kind, day)) return html(CHALLENGE, 200);
  const shop = deps.site.shopPath?.exec(path);
  if (shop && plan.shopBounced(kind, day, shop[1] ?? '')) return bounce();
  const product = deps.site.productPath.exec(path);
  const trick = product ? deps.context().trick(product[1] ?? '') : null;
  if (trick === 'bounce_return') return bounce();
  if (trick === 'bounce_challenge') return redirect('/');
  return trickAnswer(trick, path) ?? null;
}

/** The tricks answered whatever the site's markup: other servers' pages, walls, a move. */
function trickAnswer(trick: Trick | null, path: string): SiteResponse | undefined {
  switch (trick) {
    case 'waf_404':
      return html(WAF_404_PAGE, 404);
    case 'server_404':
      return html(NGINX_404_PAGE, 404);
    case 'maintenance_404':
      return html(MAINTENANCE_PAGE, 404);
    case 'gateway_404':
      return json(JSON.parse(GATEWAY_404_BODY), 404);
    case 'login_wall':
      return html(LOGIN_WALL_PAGE, 200);
    case 'region_wall':
      return html(REGION_WALL_PAGE, 200);
    case 'moved_410':
      // The same product, renamed: its id stays, so the new address names it.
      return html(movedPage(path.replace(/-(p?\d+\.html)$/u, '-moi-$1')), 410);
    default:
      return undefined;
  }
}

/** The tricks that bend the site's own answer: the product page with a 404, or cut off. */
function bent(trick: Trick | null, answer: SiteResponse): SiteResponse {
  if (answer.status !== 200) return answer;
  if (trick === 'product_404') return { ...answer, status: 404 };
  if (trick === 'cut_off') return { ...answer, body: answer.body.slice(0, Math.floor(answer.body.length * 0.6)) };
  return answer;
}

/** The site's own answer, bent by an adversarial trick of the day where there is one. */
function bentAnswer(deps: SiteServerDeps, path: string, query: URLSearchParams): SiteResponse {
  const answer = deps.site.answer(path, query, deps.context());
  if (!deps.faults.profile(deps.site.kind).adversarial) return answer;
  const product = deps.site.productPath.exec(path);
  return product ? bent(deps.context().trick(product[1] ?? ''), answer) : answer;
}

/** Faults are drawn per request and answered the way real sites fail (DESIGN §11). */
function answerWithFaults(
  deps: SiteServerDeps,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
): void {
  const fault = path === '/robots.txt' ? null : deps.faults.draw(deps.site.kind, deps.day(), path);
  if (fault === 'hang') {
    // Never answers; the socket is dropped after a minute so a forgotten client does not leak.
    setTimeout(() => request.socket.destroy(), 60_000).unref();
    return;
  }
  if (fault === 'reset') {
    request.socket.destroy();
    return;
  }
  const moved = deps.faults.profile(deps.site.kind).moved;
  const query = new URL(request.url ?? '/', 'http://sandbox').searchParams;
  const answer = (): SiteResponse => {
    switch (fault) {
      case 'serverError':
        return html('<html><body>502 Bad Gateway</body></html>', 502);
      case 'rateLimit':
        return { ...html('Too Many Requests', 429), headers: { 'retry-after': '1' } };
      case 'challenge200':
        return html(CHALLENGE, 200);
      case 'block403':
        return html(CHALLENGE, 403);
      default:
        if (moved !== 'no' && deps.site.productPath.test(path))
          // A URL-scheme change: the site's router answers its own not-found page at every old address.
          return moved === 'http404' ? deps.site.notFound : redirect('/');
        if (path === '/robots.txt') return { status: 200, headers: { 'content-type': 'text/plain' }, body: ROBOTS_TXT };
        return adversarialAnswer(deps, path) ?? bentAnswer(deps, path, query);
    }
  };
  if (fault === 'slow') {
    const slowAnswer = answer();
    setTimeout(() => send(response, slowAnswer), deps.faults.profile(deps.site.kind).slowMs).unref();
    return;
  }
  send(response, answer());
}

/** One marketplace on its own port: adapters tell marketplaces apart by host. */
export async function startSiteServer(
  deps: SiteServerDeps,
  host: string,
  port: number,
): Promise<{ server: Server; baseUrl: string }> {
  const server = createServer((request, response) => {
    deps.onRequest();
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, html('Method not allowed', 405));
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    answerWithFaults(deps, request, response, path);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  return { server, baseUrl: `http://${host}:${address.port}` };
}
