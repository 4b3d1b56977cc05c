// Memory of a backup of the embedded store, by the store's size (docs/operator.md, "Backups"):
// the owner streams the dump to the asking command, so neither should grow with the store.
// Usage: node --expose-gc packages/monitor/bench/backup.bench.ts [MB…]   (default 32 128)
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { dumpFromOwner, writeDump } from '../src/store/backup-stream.ts';
import { serveStore, socketDirOf } from '../src/store/store-server.ts';

const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

for (const size of sizes.length ? sizes : [32, 128]) {
  const dir = mkdtempSync(join(tmpdir(), 'ocop-backup-bench-'));
  const dataDir = join(dir, 'pglite');
  const db = await PGlite.create(dataDir);
  // Incompressible rows, so the dump is as large as the store.
  await db.exec('create table filler (id serial primary key, body text)');
  for (let written = 0; written < size; written += 8)
    await db.exec(
      "insert into filler (body) select string_agg(md5(random()::text), '') from generate_series(1, 256) s, generate_series(1, 1024) r group by r",
    );
  const server = await serveStore(db, socketDirOf(dataDir), { dataDir });
  globalThis.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const started = Date.now();
  const bytes = await writeDump(dumpFromOwner(server.socketDir), join(dir, 'sao-luu.bak'));
  clearInterval(sampler);
  console.log(
    `store ${mb(Number((await db.query<{ n: string }>('select pg_database_size(current_database())::text as n')).rows[0]?.n))}` +
      `, backup ${mb(bytes)} (file ${mb(statSync(join(dir, 'sao-luu.bak')).size)}) in ${((Date.now() - started) / 1000).toFixed(1)} s` +
      `; owner + asker in one process: RSS ${mb(rssBefore)} before, peak ${mb(peak)} (+${mb(peak - rssBefore)})`,
  );
  await server.close(0);
  await db.close();
}
