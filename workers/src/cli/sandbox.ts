import { FAULT_PROFILES, type FaultProfileName, startSandbox } from '@ocop-monitor/sandbox';
import { stringify } from 'yaml';
import { sandboxConfigLayer } from '../sandbox-config.ts';
import { UsageError } from './usage-error.ts';

export interface SandboxCommandOptions {
  seed: number;
  products: number;
  faults: string;
  port: number;
}

export function parseFaultProfile(name: string): FaultProfileName {
  if (!(name in FAULT_PROFILES)) {
    throw new UsageError(`Unknown fault profile "${name}". Profiles: ${Object.keys(FAULT_PROFILES).join(', ')}`);
  }
  return name as FaultProfileName;
}

/** `ocop-monitor sandbox`: serves the simulated marketplaces until stopped (Ctrl-C). */
export async function sandboxCommand(options: SandboxCommandOptions): Promise<void> {
  const sandbox = await startSandbox({
    seed: options.seed,
    products: options.products,
    faults: parseFaultProfile(options.faults),
    port: options.port,
  });
  const out = process.stdout;
  out.write(
    `Sàn mô phỏng đang chạy / Sandbox marketplaces running (seed ${options.seed}, ${options.products} products, faults: ${options.faults})\n`,
  );
  for (const [kind, url] of Object.entries(sandbox.baseUrls)) out.write(`  ${kind.padEnd(9)} ${url}\n`);
  out.write(
    `  control   ${sandbox.controlUrl}  (GET /truth, /registry/products.csv|xlsx, /registry/listings.csv|xlsx; POST /advance?days=N)\n` +
      `  registry  ${sandbox.registry.baseUrl}  (the national OCOP API: /v1/public/product-info/)\n\n`,
  );
  out.write('# Save as sandbox.yaml and use: ocop-monitor --config sandbox.yaml probe <url>\n');
  out.write(stringify(sandboxConfigLayer(sandbox.baseUrls, sandbox.registry.baseUrl)));
  const example = sandbox.truth().listings.find((listing) => listing.onSale);
  if (example) out.write(`\n# e.g. ocop-monitor --config sandbox.yaml probe ${example.url}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sandbox.close();
}
