import { createServer, type Server } from 'node:http';
import type { Queue } from 'bullmq';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface EngineMetrics {
  registry: Registry;
  verdicts: Counter<'marketplace' | 'verdict' | 'reason'>;
  checkDuration: Histogram<'marketplace'>;
  queueDepth: Gauge<'queue' | 'state'>;
  runProgress: Gauge<'run_date'>;
}

/** Prometheus metrics (prom-client): verdicts by reason, check durations, queue depths, run progress. */
export function createMetrics(
  queues: () => Queue[],
  runProgress: () => Promise<Array<{ runDate: string; share: number }>>,
): EngineMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ocop_' });
  const queueDepth = new Gauge({
    name: 'ocop_queue_jobs',
    help: 'Jobs per queue and state',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      for (const queue of queues()) {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'waiting-children');
        for (const [state, n] of Object.entries(counts)) this.set({ queue: queue.name, state }, n);
      }
    },
  });
  const progress = new Gauge({
    name: 'ocop_run_progress_ratio',
    help: 'Share of a run’s listings checked',
    labelNames: ['run_date'] as const,
    registers: [registry],
    async collect() {
      for (const { runDate, share } of await runProgress()) this.set({ run_date: runDate }, share);
    },
  });
  return {
    registry,
    verdicts: new Counter({
      name: 'ocop_checks_total',
      help: 'Checks by marketplace, verdict and reason',
      labelNames: ['marketplace', 'verdict', 'reason'] as const,
      registers: [registry],
    }),
    checkDuration: new Histogram({
      name: 'ocop_check_duration_seconds',
      help: 'Time of one check, politeness waits included',
      labelNames: ['marketplace'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    queueDepth,
    runProgress: progress,
  };
}

/** GET /metrics. node:http rather than a framework: one read-only route needs no more. */
export async function serveMetrics(metrics: EngineMetrics, port: number, host = '127.0.0.1'): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404).end('GET /metrics');
      return;
    }
    metrics.registry.metrics().then(
      (body) => response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body),
      (error: unknown) => response.writeHead(500).end(String(error)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return server;
}
