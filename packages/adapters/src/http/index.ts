export { HostPolicy, isNonPublicAddress } from './host-policy.ts';
export { DEFAULT_CONTACT_URL, NO_POLITENESS, type PoliteClientOptions, politeClientOptionsSchema } from './options.ts';
export { createPoliteClient, PoliteHttpClient, parseRetryAfterMs } from './polite-client.ts';
export type { HttpClient, HttpRequestOptions, HttpResponse } from './types.ts';
