import type { HttpClient, HttpRequestOptions, HttpResponse } from '@ocop-monitor/adapters';

/** One answer the doctor saw, kept to report latency and, with `--capture`, to save the page. */
export interface RecordedPage {
  response: HttpResponse;
  at: Date;
}

/**
 * The runtime's polite client (robots.txt, per-host spacing, limits), with every answer kept: the
 * adapters read pages through an `HttpClient`, so the doctor sees exactly what a daily run would.
 */
export class RecordingClient implements HttpClient {
  readonly pages: RecordedPage[] = [];
  readonly #inner: HttpClient;

  constructor(inner: HttpClient) {
    this.#inner = inner;
  }

  async get(url: string, options?: HttpRequestOptions): Promise<HttpResponse> {
    const response = await this.#inner.get(url, options);
    this.pages.push({ response, at: new Date() });
    return response;
  }

  /** What was recorded since `mark` (a count of pages), for one check. */
  since(mark: number): RecordedPage[] {
    return this.pages.slice(mark);
  }
}
