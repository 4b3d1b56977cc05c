import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { OcopError } from '../errors.ts';

/** True for loopback, private, link-local, unique-local and other non-public addresses. */
export function isNonPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  return parsed.range() !== 'unicast';
}

/** `host[:port]` as URL.host gives it, lower case. */
function hostKey(host: string): string {
  return host.toLowerCase();
}

/**
 * The marketplace allowlist (DESIGN §8): no request leaves for a host that is not a configured
 * marketplace, so a pasted URL or a redirect can never reach an internal service. A host that is
 * itself configured as a loopback/private address (the sandbox) may be reached; any other name
 * that resolves to a private address is refused at connect time.
 */
export class HostPolicy {
  readonly #hosts: Set<string>;
  readonly #privateHostnames: Set<string>;
  /** Hosts already found allowed: the check runs on every request and redirect hop. */
  readonly #checked = new Set<string>();

  constructor(allowedHosts: Iterable<string>) {
    this.#hosts = new Set([...allowedHosts].map(hostKey));
    this.#privateHostnames = new Set(
      [...this.#hosts]
        .map((host) => new URL(`http://${host}`).hostname.replace(/^\[|\]$/gu, ''))
        .filter((hostname) => hostname === 'localhost' || isNonPublicAddress(hostname)),
    );
  }

  get hosts(): readonly string[] {
    return [...this.#hosts];
  }

  /** Parses and checks a URL; throws INVALID_URL or HOST_NOT_ALLOWED. */
  assertAllowed(url: string | URL, code: 'HOST_NOT_ALLOWED' | 'REDIRECT_NOT_ALLOWED' = 'HOST_NOT_ALLOWED'): URL {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch (cause) {
      throw new OcopError('INVALID_URL', `Not a valid URL: ${String(url)}`, { cause });
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new OcopError('INVALID_URL', `Only http and https URLs are checked, not ${parsed.protocol}`);
    }
    if (this.#checked.has(parsed.host)) return parsed;
    if (!this.#hosts.has(hostKey(parsed.host))) {
      throw new OcopError(
        code,
        `${parsed.host} is not a configured marketplace host (configured: ${this.hosts.join(', ') || 'none'})`,
      );
    }
    const hostname = parsed.hostname.replace(/^\[|\]$/gu, '');
    if (isIP(hostname) && isNonPublicAddress(hostname) && !this.#privateHostnames.has(hostname)) {
      throw new OcopError('PRIVATE_ADDRESS', `Refusing to connect to the non-public address ${hostname}`);
    }
    this.#checked.add(parsed.host);
    return parsed;
  }

  /** A `dns.lookup` for the undici Agent that refuses non-public answers for public names. */
  readonly lookup = (
    hostname: string,
    options: LookupOptions,
    callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      const bad = addresses.find((entry) => isNonPublicAddress(entry.address));
      if (bad && !this.#privateHostnames.has(hostname)) {
        const refusal = new OcopError(
          'PRIVATE_ADDRESS',
          `${hostname} resolves to the non-public address ${bad.address}`,
        );
        return callback(refusal as unknown as NodeJS.ErrnoException, '');
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`No address for ${hostname}`), { code: 'ENOTFOUND' }), '');
      callback(null, first.address, first.family);
    });
  };
}
