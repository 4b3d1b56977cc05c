import { addUser, createDashboard, type DashboardDeps } from '@ocop-monitor/dashboard';
import { openStore, type Store } from '@ocop-monitor/monitor';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_PASSWORD } from '../dashboard-client.ts';

export interface ServedStore {
  store: Store;
  app: FastifyInstance;
  base: string;
  close(): Promise<void>;
}

/**
 * The dashboard on an empty embedded store with one account per role (`admin`, `reviewer`,
 * `viewer`, password DEFAULT_PASSWORD), listening on 127.0.0.1: what the security tests attack.
 */
export async function servedStore(deps: Partial<DashboardDeps> = {}): Promise<ServedStore> {
  const store = await openStore({ dataDir: 'memory://' });
  for (const role of ['admin', 'reviewer', 'viewer'] as const)
    await addUser(store.db, { username: role, displayName: `Cán bộ ${role}`, password: DEFAULT_PASSWORD, role });
  const app = await createDashboard({
    db: store.db,
    freshnessHours: 48,
    confirmAfterHours: 6,
    countedMarketplaces: [],
    secureCookies: false,
    ...deps,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    store,
    app,
    base: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`,
    async close() {
      // Attack tests leave half-sent bodies behind: drop their sockets rather than wait for them.
      app.server.closeAllConnections();
      await app.close();
      await store.close();
    },
  };
}
