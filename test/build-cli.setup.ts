import { buildCli } from '../workers/scripts/build-cli.ts';

/** The tests that run bin/ocop-monitor run the CLI's bundle: built once here, from these sources. */
export default async function setup(): Promise<void> {
  await buildCli();
}
