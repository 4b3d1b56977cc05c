import { createInterface } from 'node:readline';
import {
  AccountError,
  addUser,
  createDashboard,
  disableUser,
  ROLES,
  type Role,
  type SellerConsentDeps,
  setPassword,
} from '@ocop-monitor/dashboard';
import { type Store, sellerTokenKey } from '@ocop-monitor/monitor';
import { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { createListingCheck, nextScheduledCheck } from '../check-now.ts';
import { openOwnerDesk } from '../owner-desk.ts';
import type { CheckQueueData } from '../queue/jobs.ts';
import { checkQueueName, NOTIFY_QUEUE, RUNS_QUEUE } from '../queue/names.ts';
import { connectionFor } from '../queue/redis.ts';
import type { Runtime } from '../runtime.ts';
import { openConfiguredStore } from '../store-runtime.ts';
import { UsageError } from './usage-error.ts';

/** The dashboard on a store this process already holds; listening when it returns. */
export async function startDashboard(
  runtime: Runtime,
  store: Store,
  options: {
    port: number;
    host: string;
    insecureCookies?: boolean | undefined;
    now?: () => Date;
    /** The engine's queues, for the queue board (`start`; `serve` when REDIS_URL is set). */
    queues?: readonly Queue[] | undefined;
    /** Each marketplace's check queue: "Kiểm tra lại ngay" goes through it (else it checks in this process). */
    checkQueues?: ReadonlyMap<string, Queue<CheckQueueData>> | undefined;
  },
): Promise<FastifyInstance> {
  const app = await createDashboard({
    db: store.db,
    freshnessHours: runtime.config.monitor.freshnessHours,
    confirmAfterHours: runtime.config.monitor.confirmAfterHours,
    importLimits: runtime.config.import,
    countedMarketplaces: runtime.adapters.map((a) => a.id),
    adapters: runtime.adapters,
    queues: options.queues,
    reportHeader: runtime.config.report,
    openData:
      runtime.config.openData.enabled && runtime.config.openData.baseUrl
        ? { ...runtime.config.openData, baseUrl: runtime.config.openData.baseUrl }
        : undefined,
    messageLocale: runtime.config.notify.locale,
    smsUnicode: runtime.config.notify.sms?.unicode ?? false,
    afterAlerts: runtime.notifier.afterAlerts,
    afterReview: () => runtime.notifier.deliver(store.db),
    checkListingNow: createListingCheck(runtime, store, { checkQueues: options.checkQueues }),
    nextCheckAt: nextScheduledCheck(runtime.config.queue.dailyHour),
    sellers: sellerConsentDeps(runtime),
    secureCookies: !options.insecureCookies,
    trustProxy: process.env.OCOP_TRUST_PROXY || undefined,
    ...(options.now ? { now: options.now } : {}),
  });
  try {
    await app.listen({ port: options.port, host: options.host });
  } catch (error) {
    await app.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${options.port} is in use: choose another with --port`);
    throw error;
  }
  process.stdout.write(`Trang quản trị / dashboard: http://${options.host}:${options.port}/\n`);
  return app;
}

/**
 * What the dashboard needs to ask producers' consent: a configured open platform, the sealing key
 * and the public address; the channels a link can go out on (Zalo only with a `seller_consent` template).
 */
function sellerConsentDeps(runtime: Runtime): SellerConsentDeps | undefined {
  const { sellers, notify } = runtime.config;
  if (runtime.sellerSources.length === 0 || !sellers.tokenKey || !sellers.publicUrl) return undefined;
  const channels = notify.enabled
    ? (['zns', 'sms', 'email'] as const).filter((channel) =>
        channel === 'zns' ? Boolean(notify.zns?.templates.seller_consent) : Boolean(notify[channel]),
      )
    : [];
  return {
    sources: runtime.sellerSources,
    key: sellerTokenKey(sellers.tokenKey),
    publicUrl: sellers.publicUrl,
    channels,
    http: runtime.http,
  };
}

/** The engine's queues seen from outside it (by `serve`, beside workers on the same Redis). */
function queuesOn(runtime: Runtime, redisUrl: string): { all: Queue[]; checks: Map<string, Queue<CheckQueueData>> } {
  const connection = connectionFor(redisUrl, 'producer');
  const { prefix } = runtime.config.queue;
  const checks = new Map(
    runtime.adapters.map((a) => [a.id, new Queue<CheckQueueData>(checkQueueName(a.id), { connection, prefix })]),
  );
  return {
    all: [...[RUNS_QUEUE, NOTIFY_QUEUE].map((name) => new Queue(name, { connection, prefix })), ...checks.values()],
    checks,
  };
}

/** `serve [--port N] [--host H]`: the department's dashboard until stopped; the queue board when REDIS_URL is set. */
export async function serveCommand(
  runtime: Runtime,
  options: { port: number; host: string; insecureCookies?: boolean },
): Promise<void> {
  const store = await openConfiguredStore(runtime.config);
  const onRedis = process.env.REDIS_URL ? queuesOn(runtime, process.env.REDIS_URL) : null;
  const queues = onRedis?.all ?? [];
  const desk = openOwnerDesk(runtime, store); // on the embedded store: the nightly backup asks it for the dump
  const closeAll = async () => {
    await desk.close();
    await Promise.all(queues.map((queue) => queue.close()));
    await store.close();
  };
  let app: FastifyInstance;
  try {
    app = await startDashboard(runtime, store, { ...options, queues, checkQueues: onRedis?.checks });
  } catch (error) {
    await closeAll();
    throw error;
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await app.close();
  await closeAll();
}

/** The password from standard input (first line): never on the command line, where `ps` shows it. */
async function passwordFromStdin(): Promise<string> {
  if (process.stdin.isTTY)
    throw new UsageError(
      'give the password on standard input, e.g.: read -rs P && printf \'%s\\n\' "$P" | ocop-monitor users …',
    );
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) return line;
  throw new UsageError('no password on standard input');
}

export async function usersCommand(
  runtime: Runtime,
  action: 'add' | 'passwd' | 'disable',
  username: string,
  options: { name?: string; role?: string },
): Promise<void> {
  const store = await openConfiguredStore(runtime.config);
  try {
    if (action === 'add') {
      const role = (options.role ?? 'viewer') as Role;
      if (!ROLES.includes(role)) throw new UsageError(`--role is one of ${ROLES.join(', ')}`);
      const user = await addUser(store.db, {
        username,
        displayName: options.name ?? username,
        password: await passwordFromStdin(),
        role,
      });
      process.stdout.write(`Đã tạo / created ${user.username} (${user.role})\n`);
    } else if (action === 'passwd') {
      await setPassword(store.db, username, await passwordFromStdin());
      process.stdout.write(`Đã đổi mật khẩu / password changed for ${username}; their sessions ended\n`);
    } else {
      await disableUser(store.db, username);
      process.stdout.write(`Đã khóa / disabled ${username}; their sessions ended\n`);
    }
  } catch (error) {
    if (error instanceof AccountError) throw new UsageError(error.message);
    throw error;
  } finally {
    await store.close();
  }
}
