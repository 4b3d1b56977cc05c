import { PoliteHttpClient } from '@ocop-monitor/adapters';
import { nationalRegistrySource, type RegistrySyncSummary, type Store, syncRegistry } from '@ocop-monitor/monitor';
import { UsageError } from './cli/usage-error.ts';
import type { Config } from './config/schema.ts';

/** One sync against the national registry, on a store this process holds (the CLI and the queue engine). */
export async function syncNationalRegistry(
  config: Config,
  store: Store,
  now = new Date(),
): Promise<RegistrySyncSummary> {
  const national = config.registry.national;
  if (!national)
    throw new UsageError('set registry.national (baseUrl, provinceName, provinceCode) in the config file to sync');
  const http = new PoliteHttpClient({ ...config.http, allowedHosts: [new URL(national.baseUrl).host] });
  try {
    return await syncRegistry(
      store.db,
      nationalRegistrySource({
        baseUrl: national.baseUrl,
        provinceName: national.provinceName,
        pageSize: national.pageSize,
        http,
      }),
      { now, provinceCode: national.provinceCode, maxRemovalShare: national.maxRemovalShare },
    );
  } finally {
    await http.close();
  }
}
