import type { HttpClient, HttpResponse } from '../http/types.ts';

/**
 * An HttpClient that answers every request with one answer, at the address asked: for tests of how
 * an adapter reads a page (fuzzing, metamorphic tests), where the transport is not what is tested.
 * Tests of the transport use `FixtureServer`, a real local server.
 */
export function oneAnswerClient(status: number, body: string, headers: Record<string, string> = {}): HttpClient {
  return {
    async get(url: string): Promise<HttpResponse> {
      return {
        url,
        finalUrl: url,
        redirects: [],
        status,
        headers,
        body,
        bytes: body.length,
        sha256: '0',
        durationMs: 1,
      };
    },
  };
}
