import { createHash } from 'node:crypto';

/** Queue names and job ids. Ids never contain ':' nor are all digits (BullMQ rules). */
export const RUNS_QUEUE = 'runs';
/** The notification outbox's deliveries: at least once, any number of processes (rows are claimed). */
export const NOTIFY_QUEUE = 'notify';
export const checkQueueName = (marketplace: string) => `check-${marketplace}`;
export const runJobId = (runDate: string) => `run-${runDate}`;
export const deadlineJobId = (runDate: string) => `deadline-${runDate}`;
export const checkJobId = (runDate: string, listingId: number) => `check-${runDate}-${listingId}`;
const urlHash = (url: string) => createHash('sha256').update(url).digest('hex').slice(0, 16);
/** Shop URLs hold ':' and '/': the job id carries a hash of it. */
export const shopJobId = (runDate: string, marketplace: string, shopUrl: string) =>
  `shop-${runDate}-${marketplace}-${urlHash(shopUrl)}`;
export const controlJobId = (runDate: string, url: string) => `control-${runDate}-${urlHash(url)}`;
