import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
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

/**
 * A secret from the environment: `NAME`, or the first line of the file `NAME_FILE` names (systemd's
 * LoadCredential, Docker secrets, a root-only file) — so no secret has to live in the YAML file.
 */
function secretFrom(env: NodeJS.ProcessEnv, name: string): string | undefined {
  if (env[name]) return env[name];
  const file = env[`${name}_FILE`];
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8').split(/\r?\n/u)[0]?.trim() || undefined;
  } catch (error) {
    throw new ConfigError(`Cannot read ${name}_FILE ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
}

/** OCOP_WEBHOOK_SECRET_<NAME>: a webhook's secret by its name ("so-ct" → OCOP_WEBHOOK_SECRET_SO_CT). */
const webhookSecretVariable = (name: string) =>
  `OCOP_WEBHOOK_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]+/gu, '_')}`;

function fromEnvironment(env: NodeJS.ProcessEnv, merged: unknown): Plain {
  const layer: Plain = {};
  if (env.OCOP_CONTACT_URL) layer.http = { contactUrl: env.OCOP_CONTACT_URL };
  if (env.LOG_LEVEL) layer.log = { level: env.LOG_LEVEL };
  const databaseUrl = secretFrom(env, 'DATABASE_URL');
  if (databaseUrl) layer.databaseUrl = databaseUrl;
  // Secrets come from the environment (or files it names), never from a config file in the repository.
  const notify: Plain = {};
  const zns: Plain = {};
  const sms: Plain = {};
  const email: Plain = {};
  const set = (target: Plain, key: string, name: string) => {
    const value = secretFrom(env, name);
    if (value) target[key] = value;
  };
  set(zns, 'secretKey', 'OCOP_ZNS_SECRET_KEY');
  set(zns, 'refreshToken', 'OCOP_ZNS_REFRESH_TOKEN');
  set(sms, 'apiKey', 'OCOP_SMS_API_KEY');
  set(sms, 'secretKey', 'OCOP_SMS_SECRET_KEY');
  set(email, 'password', 'OCOP_SMTP_PASSWORD');
  for (const [key, value] of Object.entries({ zns, sms, email })) if (Object.keys(value).length) notify[key] = value;
  // Webhooks are a list in the file: the environment fills in the secret of the one it names.
  const webhooks = isPlain(merged) && isPlain(merged.notify) ? merged.notify.webhooks : undefined;
  if (Array.isArray(webhooks)) {
    const filled = webhooks.map((webhook) => {
      const name = isPlain(webhook) && typeof webhook.name === 'string' ? webhook.name : null;
      const secret = name ? secretFrom(env, webhookSecretVariable(name)) : undefined;
      return secret ? { ...webhook, secret } : webhook;
    });
    if (filled.some((webhook, i) => webhook !== webhooks[i])) notify.webhooks = filled;
  }
  if (Object.keys(notify).length) layer.notify = notify;
  // The marketplaces' open platforms: the partner key, and the key that seals shops' tokens at rest.
  const sellers: Plain = {};
  // Each source's secret is filled in only for a source the file configures: a secret alone starts none.
  const configured = (name: string) => isPlain(merged) && isPlain(merged.sellers) && isPlain(merged.sellers[name]);
  const partnerKey = secretFrom(env, 'OCOP_SHOPEE_PARTNER_KEY');
  if (partnerKey && configured('shopee')) sellers.shopee = { partnerKey };
  const lazadaSecret = secretFrom(env, 'OCOP_LAZADA_APP_SECRET');
  if (lazadaSecret && configured('lazada')) sellers.lazada = { appSecret: lazadaSecret };
  const tiktokSecret = secretFrom(env, 'OCOP_TIKTOK_APP_SECRET');
  if (tiktokSecret && configured('tiktok')) sellers.tiktok = { appSecret: tiktokSecret };
  const tokenKey = secretFrom(env, 'OCOP_SELLER_TOKEN_KEY');
  if (tokenKey) sellers.tokenKey = tokenKey;
  if (Object.keys(sellers).length) layer.sellers = sellers;
  return layer;
}

const SECRET_KEYS = /^(?:password|secretKey|refreshToken|apiKey|secret|partnerKey|appSecret|tokenKey)$/u;

/** The dotted keys of `value` that hold a secret, for the warning below. */
function secretKeys(value: unknown, path: string[] = []): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => secretKeys(item, [...path, String(i)]));
  if (!isPlain(value)) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    SECRET_KEYS.test(key) && typeof inner === 'string' && inner
      ? [[...path, key].join('.')]
      : secretKeys(inner, [...path, key]),
  );
}

/** A config file that holds secrets and that other users can read: said once, on stderr. */
function warnIfReadable(file: string, layer: unknown, warn: (line: string) => void): void {
  const secrets = secretKeys(layer);
  if (secrets.length === 0) return;
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch {
    return;
  }
  if ((mode & 0o007) === 0) return; // owner and group (the service account) may read it; others not
  warn(
    `ocop-monitor: warning: ${file} holds secrets (${secrets.join(', ')}) and other users can read it: ` +
      `chmod 600 ${file}, or move them to the environment file (see docs/operator.md, "Security")`,
  );
}

/**
 * A config's relative `dataDir` is its own folder's, not the folder a command happens to run in:
 * `sudo -u ocop ocop-monitor … users add` from a home folder created a second, empty store there.
 */
function withDataDirOf(layer: unknown, file: string): unknown {
  if (!layer || typeof layer !== 'object' || !('dataDir' in layer)) return layer;
  const dataDir = (layer as { dataDir: unknown }).dataDir;
  if (typeof dataDir !== 'string' || isAbsolute(dataDir) || dataDir.includes('://')) return layer;
  return { ...layer, dataDir: resolve(dirname(file), dataDir) };
}

/** config/default.yaml, the user's file, the command's overrides, then the environment; validated as a whole. */
export function loadConfig(
  options: { file?: string; env?: NodeJS.ProcessEnv; overrides?: unknown; warn?: (line: string) => void } = {},
): Config {
  const env = options.env ?? process.env;
  let merged = withFloorFiles(readYaml(DEFAULT_CONFIG_FILE), DEFAULT_CONFIG_FILE);
  if (options.file) {
    const file = resolve(options.file);
    const layer = withDataDirOf(readYaml(file), file);
    warnIfReadable(file, layer, options.warn ?? ((line) => process.stderr.write(`${line}\n`)));
    merged = mergeConfig(merged, withFloorFiles(layer, file));
  }
  // Overrides from the command itself (e.g. the sandbox's URLs) beat files; the environment beats all.
  if (options.overrides !== undefined) merged = mergeConfig(merged, options.overrides);
  merged = mergeConfig(merged, fromEnvironment(env, merged));
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    const source = options.file ? ` (default.yaml merged with ${options.file})` : '';
    throw new ConfigError(`Invalid configuration${source}:\n${problems.join('\n')}`);
  }
  return parsed.data;
}
