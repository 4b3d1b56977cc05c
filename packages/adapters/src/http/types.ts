export interface HttpRequestOptions {
  signal?: AbortSignal;
  /** Extra request headers, e.g. `accept: application/json` for an API. */
  headers?: Record<string, string>;
}

export interface HttpResponse {
  /** The URL asked for. */
  url: string;
  /** The URL that answered, after redirects. */
  finalUrl: string;
  /** Every redirect target followed, in order. */
  redirects: string[];
  /** The status of each redirect followed (301, 302, …), in the same order; absent from clients that do not tell. */
  redirectStatuses?: number[];
  status: number;
  headers: Record<string, string>;
  /** Decoded (decompressed, UTF-8) body. */
  body: string;
  /** Bytes of the decoded body. */
  bytes: number;
  /** SHA-256 of the decoded body, hex. */
  sha256: string;
  durationMs: number;
}

/** What adapters need from HTTP. The polite client implements it; tests may pass their own. */
export interface HttpClient {
  get(url: string, options?: HttpRequestOptions): Promise<HttpResponse>;
}
