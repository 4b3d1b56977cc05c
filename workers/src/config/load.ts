import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { type Config, configSchema } from './schema.ts';

const DEFAULT_CONFIG_FILE = fileURLToPath(new URL('../../../config/default.yaml', import.meta.url));

/** A configuration problem, said so that the user can fix the file. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Plain = Record<string, unknown>;
const isPlain = (value: unknown): value is Plain =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Objects merge key by key; lists and values from `over` replace those of `base`. */
function mergeConfig(base: unknown, over: unknown): unknown {
  if (!isPlain(base) || !isPlain(over)) return over === undefined ? base : over;
  const merged: Plain = { ...base };
  for (const [key, value] of Object.entries(over)) merged[key] = mergeConfig(base[key], value);
  return merged;
}

export function readYaml(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read config file ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  try {
    return parse(text) ?? {};
  } catch (error) {
    throw new ConfigError(`${file} is not valid YAML: ${(error as Error).message}`);
  }
}

/** Floor files are read relative to the file that names them, and appended to `floors`. */
function withFloorFiles(layer: unknown, file: string): unknown {
  if (!isPlain(layer) || !isPlain(layer.marketplaces)) return layer;
  const { floorFiles, ...marketplaces } = layer.marketplaces;
  if (!Array.isArray(floorFiles) || floorFiles.length === 0) return layer;
  const loaded = floorFiles.map((name) => readYaml(resolve(dirname(file), String(name))));
  const inline = Array.isArray(marketplaces.floors) ? marketplaces.floors : [];
  return { ...layer, marketplaces: { ...marketplaces, floors: [...inline, ...loaded] } };
}

function fromEnvironment(env: NodeJS.ProcessEnv): Plain {
  const layer: Plain = {};
  if (env.OCOP_CONTACT_URL) layer.http = { contactUrl: env.OCOP_CONTACT_URL };
  if (env.LOG_LEVEL) layer.log = { level: env.LOG_LEVEL };
  if (env.DATABASE_URL) layer.databaseUrl = env.DATABASE_URL;
  // Secrets come from the environment, never from a config file in the repository.
  const notify: Plain = {};
  const zns: Plain = {};
  const sms: Plain = {};
  const email: Plain = {};
  if (env.OCOP_ZNS_SECRET_KEY) zns.secretKey = env.OCOP_ZNS_SECRET_KEY;
  if (env.OCOP_ZNS_REFRESH_TOKEN) zns.refreshToken = env.OCOP_ZNS_REFRESH_TOKEN;
  if (env.OCOP_SMS_API_KEY) sms.apiKey = env.OCOP_SMS_API_KEY;
  if (env.OCOP_SMS_SECRET_KEY) sms.secretKey = env.OCOP_SMS_SECRET_KEY;
  if (env.OCOP_SMTP_PASSWORD) email.password = env.OCOP_SMTP_PASSWORD;
  for (const [key, value] of Object.entries({ zns, sms, email })) if (Object.keys(value).length) notify[key] = value;
  if (Object.keys(notify).length) layer.notify = notify;
  return layer;
}

/** config/default.yaml, the user's file, the command's overrides, then the environment; validated as a whole. */
export function loadConfig(options: { file?: string; env?: NodeJS.ProcessEnv; overrides?: unknown } = {}): Config {
  const env = options.env ?? process.env;
  let merged = withFloorFiles(readYaml(DEFAULT_CONFIG_FILE), DEFAULT_CONFIG_FILE);
  if (options.file) {
    const file = resolve(options.file);
    merged = mergeConfig(merged, withFloorFiles(readYaml(file), file));
  }
  // Overrides from the command itself (e.g. the sandbox's URLs) beat files; the environment beats all.
  if (options.overrides !== undefined) merged = mergeConfig(merged, options.overrides);
  merged = mergeConfig(merged, fromEnvironment(env));
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    const source = options.file ? ` (default.yaml merged with ${options.file})` : '';
    throw new ConfigError(`Invalid configuration${source}:\n${problems.join('\n')}`);
  }
  return parsed.data;
}
