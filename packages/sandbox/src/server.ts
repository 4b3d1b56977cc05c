import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WAF_404_PAGE } from './adversarial.ts';
import type { FaultPlan } from './faults.ts';
import { html, ROBOTS_TXT, redirect, type SiteResponse } from './sites/format.ts';
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
  if (trick === 'waf_404') return html(WAF_404_PAGE, 404);
  return null;
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
          return moved === 'http404' ? html('<html><body>404 Not Found</body></html>', 404) : redirect('/');
        if (path === '/robots.txt') return { status: 200, headers: { 'content-type': 'text/plain' }, body: ROBOTS_TXT };
        return adversarialAnswer(deps, path) ?? deps.site.answer(path, query, deps.context());
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
