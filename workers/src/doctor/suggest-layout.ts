import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CalibrationPage, FloorLayoutSuggestion, HttpClient, MarketplaceAdapter } from '@ocop-monitor/adapters';
import { stringify } from 'yaml';
import { z } from 'zod';
import { UsageError } from '../cli/usage-error.ts';
import { capturePages } from './capture.ts';
import { RecordingClient } from './recording-client.ts';

// What `doctor --capture` writes (CapturedPage): checked, since a person may have edited the folder.
const capturedSchema = z.array(
  z.object({
    url: z.url(),
    finalUrl: z.url(),
    status: z.number().int(),
    verdict: z.string(),
    file: z.string().regex(/^[\w.-]+$/u, 'a file name in the same folder'),
  }),
);

/** The folder of one marketplace's captured pages: `dir` itself, or its only (or named) subfolder. */
function capturedFolder(dir: string, marketplace: string | undefined): string {
  if (existsSync(join(dir, 'captured.json'))) return dir;
  const folders = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true }).filter(
        (entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'captured.json')),
      )
    : [];
  const chosen = marketplace ? folders.filter((f) => f.name === marketplace) : folders;
  if (chosen.length === 1 && chosen[0]) return join(dir, chosen[0].name);
  if (chosen.length > 1)
    throw new UsageError(`${dir} holds pages of ${folders.map((f) => f.name).join(', ')}: name one with --marketplace`);
  throw new UsageError(
    `${dir} holds no captured.json${marketplace ? ` for ${marketplace}` : ''}: capture pages first with doctor --marketplace ID --url … --capture ${dir}`,
  );
}

/** The pages saved by `doctor --capture` (shop pages left out: they show cards, not a product). */
export function readCapturedPages(dir: string, marketplace: string | undefined) {
  const folder = capturedFolder(dir, marketplace);
  let index: z.infer<typeof capturedSchema>;
  try {
    index = capturedSchema.parse(JSON.parse(readFileSync(join(folder, 'captured.json'), 'utf8')));
  } catch (error) {
    const problem = error instanceof z.ZodError ? z.prettifyError(error) : (error as Error).message;
    throw new UsageError(`${join(folder, 'captured.json')} is not a list of captured pages: ${problem}`);
  }
  const pages: CalibrationPage[] = index
    .filter((entry) => entry.verdict !== 'shop')
    .map((entry) => ({
      url: entry.url,
      finalUrl: entry.finalUrl,
      status: entry.status,
      body: readFileSync(join(folder, entry.file), 'utf8'),
    }));
  return { folder, marketplace: folder.split(/[/\\]/u).at(-1) ?? 'floor', pages };
}

/**
 * Fetches the given product pages and removed ones through the polite client (robots.txt, the
 * floor's pacing), whatever the floor's layout says of their addresses, and with `capture` keeps
 * them as `doctor --capture` does.
 */
export async function fetchCalibrationPages(
  http: HttpClient,
  adapter: MarketplaceAdapter,
  urls: readonly string[],
  capture: string | undefined,
): Promise<CalibrationPage[]> {
  const recording = new RecordingClient(http);
  const pages: CalibrationPage[] = [];
  for (const url of urls) {
    let host: string;
    try {
      host = new URL(url).host;
    } catch {
      throw new UsageError(`${url} is not an address`);
    }
    if (!adapter.hosts.includes(host))
      throw new UsageError(`${url} is not on ${adapter.displayName} (${adapter.hosts.join(', ')})`);
    const response = await recording.get(url);
    pages.push({ url, finalUrl: response.finalUrl, status: response.status, body: response.body });
  }
  if (capture) {
    const folder = capturePages(
      capture,
      adapter.id,
      recording.pages.map((page) => ({ ...page, verdict: 'calibration', rule: 'calibration' })),
    );
    process.stderr.write(`Đã lưu / captured ${recording.pages.length} trang / pages: ${folder}\n`);
  }
  return pages;
}

/** The floor's config entry to copy: its identity, then the proposed layout. */
export function floorYaml(
  suggestion: FloorLayoutSuggestion,
  floor: { id: string; displayName: string; baseUrl: string },
): string {
  const entry = {
    id: floor.id,
    displayName: floor.displayName,
    baseUrl: floor.baseUrl,
    soldCount: suggestion.soldCount,
    layout: suggestion.layout,
  };
  return stringify(entry, { lineWidth: 0 });
}
