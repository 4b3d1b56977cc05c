#!/usr/bin/env node
import { OcopError } from '@ocop-monitor/adapters';
import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfig } from '../config/load.ts';
import { createRuntime, type Runtime } from '../runtime.ts';
import { probe } from './probe.ts';
import { type SandboxCommandOptions, sandboxCommand } from './sandbox.ts';
import { UsageError } from './usage-error.ts';

const program = new Command()
  .name('ocop-monitor')
  .description(
    'Giám sát sản phẩm OCOP trên các sàn thương mại điện tử.\n' +
      'Keeps OCOP products visible on e-commerce marketplaces.',
  )
  .option('-c, --config <file>', 'tệp YAML ghi đè config/default.yaml / YAML file merged over config/default.yaml')
  .showHelpAfterError()
  .exitOverride();

/** Loads the configuration and runtime for one command, and always releases them. */
async function withRuntime(action: (runtime: Runtime) => Promise<void>): Promise<void> {
  const { config: file } = program.opts<{ config?: string }>();
  const runtime = createRuntime(loadConfig(file ? { file } : {}));
  try {
    await action(runtime);
  } finally {
    await runtime.close();
  }
}

program
  .command('probe')
  .description('Kiểm tra một tin đăng và in kết quả / Check one listing URL and print the Observation')
  .argument('<url>', 'URL trang sản phẩm / product page URL')
  .option('--json', 'in đúng đối tượng Observation dạng JSON / print exactly the Observation as JSON')
  .action((url: string, options: { json?: boolean }) => withRuntime((runtime) => probe(runtime, url, options)));

const integer = (name: string) => (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new UsageError(`${name} must be a whole number, not "${value}"`);
  return parsed;
};

program
  .command('sandbox')
  .description('Chạy các sàn mô phỏng trên máy này / Serve the simulated marketplaces on localhost')
  .option('--seed <n>', 'hạt giống / seed of the simulated world', integer('--seed'), 1)
  .option('--products <n>', 'số sản phẩm OCOP / registry size', integer('--products'), 300)
  .option('--faults <profile>', 'lỗi giả lập / fault profile: none, light, heavy, blocked, redesign', 'none')
  .option('--port <n>', 'cổng đầu tiên / first port (0 = any free ports)', integer('--port'), 0)
  .action((options: SandboxCommandOptions) => sandboxCommand(options));

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
  if (error instanceof UsageError || error instanceof ConfigError) {
    process.stderr.write(`ocop-monitor: ${error.message}\n`);
    process.exit(2);
  }
  if (OcopError.is(error)) {
    process.stderr.write(`ocop-monitor: ${error.code}: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
