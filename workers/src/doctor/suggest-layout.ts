import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CalibrationPage,
  calibrationControlUrl,
  type FloorLayoutSuggestion,
  type HttpClient,
  type MarketplaceAdapter,
} from '@ocop-monitor/adapters';
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
    headers: z.record(z.string(), z.string()).optional(),
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

/**
 * The pages saved by `doctor --capture` (shop pages left out: they show cards, not a product), and
 * the answer for an address no product has, where the capture asked one.
 */
export function readCapturedPages(dir: string, marketplace: string | undefined) {
  const folder = capturedFolder(dir, marketplace);
  let index: z.infer<typeof capturedSchema>;
  try {
    index = capturedSchema.parse(JSON.parse(readFileSync(join(folder, 'captured.json'), 'utf8')));
  } catch (error) {
    const problem = error instanceof z.ZodError ? z.prettifyError(error) : (error as Error).message;
    throw new UsageError(`${join(folder, 'captured.json')} is not a list of captured pages: ${problem}`);
  }
  const pageOf = (entry: (typeof index)[number]): CalibrationPage => ({
    url: entry.url,
    finalUrl: entry.finalUrl,
    status: entry.status,
    ...(entry.headers?.['content-type'] ? { contentType: entry.headers['content-type'] } : {}),
    body: readFileSync(join(folder, entry.file), 'utf8'),
  });
  const pages = index.filter((entry) => entry.verdict !== 'shop' && entry.verdict !== NEGATIVE_CONTROL).map(pageOf);
  const controlEntry = index.find((entry) => entry.verdict === NEGATIVE_CONTROL);
  return {
    folder,
    marketplace: folder.split(/[/\\]/u).at(-1) ?? 'floor',
    pages,
    control: controlEntry ? pageOf(controlEntry) : undefined,
  };
}

/** How `captured.json` marks the answer for an address no product has. */
const NEGATIVE_CONTROL = 'negative-control';

/**
 * Fetches the given product pages and removed ones through the polite client (robots.txt, the
 * floor's pacing), whatever the floor's layout says of their addresses, then one address shaped
 * like the first product's that no product has (the negative control: what the floor answers for
 * a product that never existed); with `capture` keeps them all as `doctor --capture` does.
 */
export async function fetchCalibrationPages(
  http: HttpClient,
  adapter: MarketplaceAdapter,
  urls: readonly string[],
  capture: string | undefined,
  /** The pages on sale among `urls`: the control's address is shaped like theirs. */
  productUrls: readonly string[] = urls,
): Promise<{ pages: CalibrationPage[]; control: CalibrationPage | undefined }> {
  const recording = new RecordingClient(http);
  const pages: CalibrationPage[] = [];
  const fetchPage = async (url: string) => {
    const response = await recording.get(url);
    const contentType = response.headers['content-type'];
    return {
      url,
      finalUrl: response.finalUrl,
      status: response.status,
      ...(contentType ? { contentType } : {}),
      body: response.body,
    };
  };
  for (const url of urls) {
    let host: string;
    try {
      host = new URL(url).host;
    } catch {
      throw new UsageError(`${url} is not an address`);
    }
    if (!adapter.hosts.includes(host))
      throw new UsageError(`${url} is not on ${adapter.displayName} (${adapter.hosts.join(', ')})`);
    pages.push(await fetchPage(url));
  }
  const controlUrl = calibrationControlUrl(productUrls, `doctor-${Date.now().toString(36)}`);
  const mark = recording.pages.length;
  const control = controlUrl ? await fetchPage(controlUrl) : undefined;
  if (capture) {
    const folder = capturePages(
      capture,
      adapter.id,
      recording.pages.map((page, index) => {
        const verdict = index >= mark ? NEGATIVE_CONTROL : 'calibration';
        return { ...page, verdict, rule: verdict };
      }),
    );
    process.stderr.write(`Đã lưu / captured ${recording.pages.length} trang / pages: ${folder}\n`);
  }
  return { pages, control };
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
