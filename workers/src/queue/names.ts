/** Queue names and job ids. Ids never contain ':' nor are all digits (BullMQ rules). */
export const RUNS_QUEUE = 'runs';
export const checkQueueName = (marketplace: string) => `check-${marketplace}`;
export const runJobId = (runDate: string) => `run-${runDate}`;
export const deadlineJobId = (runDate: string) => `deadline-${runDate}`;
export const checkJobId = (runDate: string, listingId: number) => `check-${runDate}-${listingId}`;
