import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * One canned answer. `reset` drops the connection; `hang` never answers; `hold` answers once the
 * promise settles, so a test can keep a check mid-request while it does something else.
 */
export interface FixtureResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  reset?: boolean;
  hang?: boolean;
  hold?: Promise<unknown>;
  /** With a `location` header: the request's query is added to it, as a platform that redirects keeping it does. */
  keepQuery?: boolean;
}

/** Answers by path; `*` answers every path no other route names (an address no product has). */
export type FixtureRoutes = Record<string, FixtureResponse>;

/**
 * A real HTTP server on 127.0.0.1 serving canned answers by path (query ignored), so adapter
 * tests go through undici and the polite client exactly as in production.
 */
export class FixtureServer {
  readonly #server: Server;
  #routes: FixtureRoutes = {};
  readonly requests: string[] = [];

  constructor() {
    this.#server = createServer((request, response) => this.#answer(request, response));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Replaces every route. */
  serve(routes: FixtureRoutes): void {
    this.#routes = routes;
    this.requests.length = 0;
  }

  #answer(request: IncomingMessage, response: ServerResponse): void {
    const path = new URL(request.url ?? '/', 'http://fixture').pathname;
    this.requests.push(path);
    const route = this.#routes[path] ?? (path === '/robots.txt' ? undefined : this.#routes['*']);
    if (!route) {
      response.writeHead(path === '/robots.txt' ? 404 : 599, { 'content-type': 'text/plain' });
      response.end(path === '/robots.txt' ? '' : `no fixture for ${path}`);
      return;
    }
    if (route.hang) return; // the client's timeout must end it
    if (route.reset) {
      request.socket.destroy();
      return;
    }
    const query = route.keepQuery ? new URL(request.url ?? '/', 'http://fixture').search : '';
    if (route.hold) void route.hold.finally(() => this.#reply(response, route, query));
    else this.#reply(response, route, query);
  }

  #reply(response: ServerResponse, route: FixtureResponse, query: string): void {
    const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8', ...route.headers };
    if (query && headers.location) headers.location += query;
    response.writeHead(route.status ?? 200, headers);
    response.end(route.body ?? '');
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.#server.close((error) => (error ? reject(error) : resolve())));
  }
}
