import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type JsonHandler = (request: IncomingMessage, body: string) => { status?: number; json: unknown };

/** A small JSON API on localhost: one handler per "METHOD path". */
export async function startJsonApi(
  host: string,
  routes: Record<string, JsonHandler>,
): Promise<{ server: Server; url: string }> {
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      const path = (request.url ?? '/').split('?')[0];
      const handler = routes[`${request.method} ${path}`];
      const answer = handler ? handler(request, body) : { status: 404, json: { error: -1, message: 'not found' } };
      response.writeHead(answer.status ?? 200, { 'content-type': 'application/json' }).end(JSON.stringify(answer.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, url: `http://${host}:${(server.address() as AddressInfo).port}` };
}
