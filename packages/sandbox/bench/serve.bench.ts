// pnpm bench:sandbox — pages/s the sandbox serves on loopback (load from a second thread, since
// this machine has two cores) and memory of the 20,000-product world. Prints figures only.
import { Worker } from 'node:worker_threads';
import { startSandbox } from '../src/index.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const gc = (globalThis as { gc?: () => void }).gc;

// --- memory of the big world -------------------------------------------------------------------
gc?.();
const heapBefore = process.memoryUsage().heapUsed;
let started = performance.now();
const sandbox = await startSandbox({ seed: 1, products: 20_000, listingsPerProduct: 3 });
const generateMs = performance.now() - started;
gc?.();
const heapWorld = process.memoryUsage().heapUsed - heapBefore;
started = performance.now();
sandbox.advanceDays(1);
const dayMs = performance.now() - started;
const truth = sandbox.truth();
console.log(
  `World: ${sandbox.world.products.length} products, ${truth.listings.length} listings, ${sandbox.world.producers.length} producers`,
);
console.log(`  generated in ${generateMs.toFixed(0)} ms; one simulated day in ${dayMs.toFixed(0)} ms`);
console.log(
  `  heap held by the world${gc ? '' : ' (run with --expose-gc for an exact figure)'}: ${mb(heapWorld)}; process RSS ${mb(process.memoryUsage().rss)}`,
);

// --- pages per second ----------------------------------------------------------------------------
const urls = truth.listings
  .slice(0, 5_000)
  .map((listing) =>
    listing.marketplace === 'tiki' ? `${sandbox.baseUrls.tiki}/api/v2/products/${listing.itemId}` : listing.url,
  );
const loadSource = `
  const { parentPort, workerData } = require('node:worker_threads');
  const { Agent, request } = require(workerData.undici);
  const agent = new Agent({ connections: 64, keepAliveTimeout: 30000 });
  const { urls, seconds } = workerData;
  let served = 0, bytes = 0, i = 0;
  const end = Date.now() + seconds * 1000;
  Promise.all(Array.from({ length: 64 }, async () => {
    while (Date.now() < end) {
      const res = await request(urls[i++ % urls.length], { dispatcher: agent });
      bytes += (await res.body.text()).length; served += 1;
    }
  })).then(() => parentPort.postMessage({ served, bytes }));
`;
const undiciPath = import.meta.resolve('undici').replace('file://', '');
const load = new Worker(loadSource, { eval: true, workerData: { urls, seconds: SECONDS, undici: undiciPath } });
const { served, bytes } = await new Promise<{ served: number; bytes: number }>((resolve) =>
  load.once('message', resolve),
);
await load.terminate();
console.log(`\nServed ${served} product pages/API answers in ${SECONDS} s over loopback, 64 connections:`);
console.log(`  ${(served / SECONDS).toFixed(0)} pages/s, ${(bytes / served / 1024).toFixed(1)} KB average`);
console.log(`  RSS after load ${mb(process.memoryUsage().rss)}`);
await sandbox.close();
