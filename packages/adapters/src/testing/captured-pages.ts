import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FixtureRoutes } from './fixture-server.ts';

/** One page `ocop-monitor doctor --capture` saved, as listed in its folder's `captured.json`. */
export interface CapturedPage {
  /** The URL asked for. */
  url: string;
  /** The URL that answered, after redirects. */
  finalUrl: string;
  status: number;
  headers: Record<string, string>;
  capturedAt: string;
  /** The verdict the adapter gave the check that fetched it, and the rule that decided it. */
  verdict: string;
  matchedRule: string;
  /** The body, personal data stripped, in the same folder. */
  file: string;
}

/**
 * The routes a `FixtureServer` serves to replay a marketplace's captured pages: each page at its
 * path, and a redirect from the path asked for to the one that answered. With the conformance kit
 * (`describeAdapterConformance`) or an adapter's own tests, a captured removal page turns an
 * `assumed` rule into a `seen` one.
 */
export function capturedRoutes(folder: string): FixtureRoutes {
  const pages = JSON.parse(readFileSync(join(folder, 'captured.json'), 'utf8')) as CapturedPage[];
  const routes: FixtureRoutes = {};
  for (const page of pages) {
    const asked = new URL(page.url).pathname;
    const answered = new URL(page.finalUrl).pathname;
    const body = readFileSync(join(folder, page.file), 'utf8');
    routes[answered] = {
      status: page.status,
      headers: { 'content-type': page.headers['content-type'] ?? 'text/html' },
      body,
    };
    if (answered !== asked) routes[asked] = { status: 302, headers: { location: answered } };
  }
  return routes;
}
