/** A marketplace's base URL, and the checks every adapter makes of a pasted URL against it. */
export class BaseUrl {
  readonly origin: string;
  readonly host: string;

  constructor(baseUrl: string) {
    const url = new URL(baseUrl);
    this.origin = url.origin;
    this.host = url.host.toLowerCase();
  }

  /** True when `url` is on this marketplace (the bare host or its `www.` form). */
  owns(url: URL): boolean {
    const host = url.host.toLowerCase();
    return host === this.host || host === `www.${this.host}`;
  }

  /** The match of `pattern` against the path of `url`, when `url` is on this marketplace. */
  matchPath(url: string, pattern: RegExp): RegExpExecArray | null {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return null;
    }
    if (!this.owns(parsed)) return null;
    return pattern.exec(parsed.pathname);
  }

  url(path: string): string {
    return new URL(path, this.origin).href;
  }
}
