// pnpm bench:parse — parse throughput per adapter on its fixtures, and the polite client's
// overhead against plain undici.request on a local server with politeness off. Prints figures;
// asserts nothing (targets are in docs/developer.md, "Benchmarks").
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { Agent, request } from 'undici';
import { parse as parseYaml } from 'yaml';
import { createHtmlListingAdapter } from '../src/html-listing/create-html-adapter.ts';
import { htmlListingLayoutSchema } from '../src/html-listing/layout.ts';
import { readHtmlCards } from '../src/html-listing/read-cards.ts';
import { readHtmlProductPage } from '../src/html-listing/read-product.ts';
import { NO_POLITENESS } from '../src/http/options.ts';
import { PoliteHttpClient } from '../src/http/polite-client.ts';
import { POSTMART_LAYOUT } from '../src/postmart/options.ts';
import { readTikiProduct } from '../src/tiki/parse.ts';
import { createVosoAdapter } from '../src/voso/adapter.ts';
import { readVosoCards } from '../src/voso/cards.ts';
import { readVosoProductPage } from '../src/voso/parse.ts';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);

function measure(name: string, pageBytes: number, parse: () => unknown): void {
  const durations: number[] = [];
  for (let i = 0; i < 20; i += 1) parse(); // warm-up
  const end = performance.now() + SECONDS * 1000;
  while (performance.now() < end) {
    const start = performance.now();
    parse();
    durations.push(performance.now() - start);
  }
  durations.sort((a, b) => a - b);
  const total = durations.reduce((sum, d) => sum + d, 0);
  const median = durations[Math.floor(durations.length / 2)] ?? 0;
  console.log(
    `${name.padEnd(44)} ${(durations.length / (total / 1000)).toFixed(0).padStart(8)} pages/s  median ${(median * 1000).toFixed(0).padStart(6)} µs  (${(pageBytes / 1024).toFixed(0)} KB)`,
  );
}

console.log(`Parse throughput, one core, ${SECONDS} s per fixture (Node ${process.versions.node})`);
const vosoProduct = read('../src/voso/fixtures/real-2021-product-p101533.html');
const vosoHome = read('../src/voso/fixtures/real-2021-home.html');
const voso = createVosoAdapter();
measure('voso product page (real, 2021)', vosoProduct.length, () => readVosoProductPage(vosoProduct, '101533'));
measure('voso home/shop cards (real, 2021, ~45 cards)', vosoHome.length, () =>
  readVosoCards(vosoHome, 'https://voso.vn/', voso.parseRef),
);
const postmartLayout = htmlListingLayoutSchema.parse(POSTMART_LAYOUT);
const postmart = createHtmlListingAdapter({
  id: 'postmart',
  displayName: 'postmart',
  baseUrl: 'https://postmart.vn',
  layout: postmartLayout,
  soldCount: 'exact',
  maxShopPages: 1,
});
/** What the adapter passes the product reader; the bench reads each page as the adapter would. */
const benchPage = (itemId: string, rulePrefix: string) => ({
  itemId,
  rulePrefix,
  provenance: () => 'assumed' as const,
  refOf: () => null,
});
const postmartProduct = read('../src/postmart/fixtures/product-active.html');
const postmartShop = read('../src/postmart/fixtures/shop-page.html');
measure('postmart product page', postmartProduct.length, () =>
  readHtmlProductPage(postmartProduct, postmartLayout, benchPage('20417', 'postmart')),
);
measure('postmart shop cards', postmartShop.length, () =>
  // biome-ignore lint/style/noNonNullAssertion: POSTMART_LAYOUT defines cards
  readHtmlCards(postmartShop, 'https://postmart.vn/gian-hang/x-1', postmartLayout.cards!, postmart.parseRef),
);
const floorLayout = htmlListingLayoutSchema.parse(
  (parseYaml(read('../../../config/floors/quangtri.yaml')) as { layout: unknown }).layout,
);
const floorProduct = read('../src/provincial-floor/fixtures/product-active.html');
measure('provincial floor product page (Quảng Trị)', floorProduct.length, () =>
  readHtmlProductPage(floorProduct, floorLayout, benchPage('1523', 'floor-quangtri')),
);
const tikiJson = read('../src/tiki/fixtures/product-available.json');
measure('tiki product API answer', tikiJson.length, () => readTikiProduct(tikiJson, '184036446'));

// --- polite client vs plain undici -------------------------------------------------------------
// The server runs in its own thread (this machine has two cores) so the figures are the clients'.
const serverSource = `
  const { createServer } = require('node:http');
  const { parentPort, workerData } = require('node:worker_threads');
  const page = Buffer.from(workerData.page);
  const server = createServer((_, response) => response.end(page));
  server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
`;
const serverThread = new Worker(serverSource, { eval: true, workerData: { page: vosoProduct.slice(0, 20_000) } });
const port = await new Promise<number>((resolve) => serverThread.once('message', resolve));
const host = `127.0.0.1:${port}`;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 5_000);
const CONCURRENCY = 32;

async function throughput(get: (url: string) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        next += 1;
        await get(`http://${host}/p${next}.html`);
      }
    }),
  );
  return REQUESTS / ((performance.now() - started) / 1000);
}

const agent = new Agent({ keepAliveTimeout: 30_000 });
const plainGet = async (url: string) => (await request(url, { dispatcher: agent })).body.text();
const polite = new PoliteHttpClient({ allowedHosts: [host], ...NO_POLITENESS, retries: 0 });
await throughput(plainGet); // warm both paths
await throughput((url) => polite.get(url));
// Alternate the two for several rounds and keep each one's median: loopback figures are noisy.
const plainRates: number[] = [];
const politeRates: number[] = [];
for (let round = 0; round < 5; round += 1) {
  plainRates.push(await throughput(plainGet));
  politeRates.push(await throughput((url) => polite.get(url)));
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const plain = median(plainRates);
const politeRate = median(politeRates);
console.log(
  `\nHTTP client, ${REQUESTS} GETs of a 20 KB page, ${CONCURRENCY} in flight, politeness off, median of 5 rounds:`,
);
console.log(`plain undici.request       ${plain.toFixed(0).padStart(8)} requests/s`);
console.log(`PoliteHttpClient           ${politeRate.toFixed(0).padStart(8)} requests/s`);
console.log(`ratio                      ${((politeRate / plain) * 100).toFixed(0).padStart(7)} %`);
await polite.close();
await agent.close();
await serverThread.terminate();
