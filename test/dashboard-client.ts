import { request } from 'undici';

/** The password the dashboard tests give their accounts (long enough for the account rules). */
export const DEFAULT_PASSWORD = 'mật-khẩu-đủ-dài-2026';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A browser-like client: keeps its session cookie, knows its CSRF token once logged in. */
export class DashboardClient {
  readonly base: string;
  constructor(base: string) {
    this.base = base;
  }

  cookie = '';
  csrf = '';
  async call(
    method: string,
    path: string,
    form?: Record<string, string | string[]>,
    json?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<Answer> {
    const body =
      json !== undefined
        ? JSON.stringify(json)
        : form
          ? new URLSearchParams(
              Object.entries(form).flatMap(([k, v]) => [v].flat().map((x): [string, string] => [k, x])),
            ).toString()
          : undefined;
    const response = await request(`${this.base}${path}`, {
      method: method as 'GET',
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(json !== undefined
          ? { 'content-type': 'application/json', 'x-csrf-token': this.csrf }
          : form
            ? { 'content-type': 'application/x-www-form-urlencoded' }
            : {}),
        ...extraHeaders,
      },
      ...(body !== undefined ? { body } : {}),
    });
    const text = await response.body.text();
    const set = response.headers['set-cookie'];
    for (const line of [set ?? []].flat()) {
      const [pair] = String(line).split(';');
      if (pair?.startsWith('ocop_session=')) this.cookie = pair === 'ocop_session=' ? '' : pair;
    }
    const token = /name="_csrf" value="([^"]+)"/u.exec(text)?.[1];
    if (token) this.csrf = token;
    return { status: response.statusCode, headers: response.headers, body: text };
  }
  async login(username: string, password = DEFAULT_PASSWORD): Promise<Answer> {
    const answer = await this.call('POST', '/login', { username, password });
    if (answer.status === 302) await this.call('GET', '/'); // picks up the CSRF token
    return answer;
  }
}
