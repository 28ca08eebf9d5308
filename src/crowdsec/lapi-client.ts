import type { Credentials } from './credentials.js';
import type { LapiAlert } from './alert.js';

/**
 * Why a call to the Local API did not succeed:
 * - unreachable: no answer (connection refused, reset, DNS, TLS)
 * - timeout: no complete answer within the time allowed
 * - refused: 401/403, even after a fresh login (a machine not validated yet, a wrong password)
 * - rejected: any other 4xx: the API will never take this request as it is (sending it again is useless)
 * - failed: a 5xx or another status
 * - garbage: a success status with a body that is not what the API sends
 */
type LapiErrorKind = 'unreachable' | 'timeout' | 'refused' | 'rejected' | 'failed' | 'garbage';

export class LapiError extends Error {
  constructor(
    readonly kind: LapiErrorKind,
    /** the call that failed */
    readonly step: 'login' | 'alerts',
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * The Local API refuses a login whose User-Agent is not exactly "name/version" (one slash: it
 * stores the version as the machine's); the version is the CrowdSec client protocol we follow.
 */
const USER_AGENT = 'portsentry/v1.4.6';

/** a body longer than this is not an answer of the Local API */
const MAX_BODY_BYTES = 256 * 1024;
/** a token is renewed this long before the expiry the API gave */
const RENEW_MARGIN_MS = 60_000;

interface ClientOptions {
  /** how long one request may take, answer included */
  timeoutMs: number;
  /** the scenarios named at login (CrowdSec's agent sends those it has installed) */
  scenarios: string[];
  now?: () => number;
}

/**
 * A CrowdSec "machine" (watcher) talking to a Local API as CrowdSec's own agent does
 * (pkg/apiclient): POST v1/watchers/login for a JWT, renewed before it expires or when a call is
 * answered 401, then POST v1/alerts with the token as a Bearer.
 */
export class LapiClient {
  private token: string | null = null;
  private expiresAt = 0;
  private readonly now: () => number;

  constructor(
    readonly credentials: Credentials,
    private readonly options: ClientOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** POST v1/watchers/login: a fresh token, or a LapiError */
  async login(): Promise<void> {
    this.token = null;
    const { login, password } = this.credentials;
    const res = await this.request('login', 'v1/watchers/login', {
      machine_id: login,
      password,
      scenarios: this.options.scenarios,
    });
    if (res.status === 401 || res.status === 403) {
      throw new LapiError(
        'refused',
        'login',
        `login as "${login}" refused (${res.status}): ${brief(res.body)}`,
        res.status,
      );
    }
    expectStatus(res, 200, 'login');
    const answer = parseJson(res.body, 'login');
    const token = (answer as { token?: unknown } | null)?.token;
    const expire = (answer as { expire?: unknown } | null)?.expire;
    if (typeof token !== 'string' || token === '' || typeof expire !== 'string' || Number.isNaN(Date.parse(expire))) {
      throw new LapiError(
        'garbage',
        'login',
        `login: expected {"token": "...", "expire": "<date>"}, found ${brief(res.body)}`,
        res.status,
      );
    }
    this.token = token;
    this.expiresAt = Date.parse(expire);
  }

  /** whether a token is held that has not expired yet */
  get loggedIn(): boolean {
    return this.token !== null && this.now() < this.expiresAt - RENEW_MARGIN_MS;
  }

  /** POST v1/alerts: the ids the API gave the alerts, in order */
  async pushAlerts(alerts: readonly LapiAlert[]): Promise<string[]> {
    if (!this.loggedIn) await this.login();
    let res = await this.request('alerts', 'v1/alerts', alerts, this.token);
    if (res.status === 401) {
      // the token was revoked or the API restarted with a new secret: one fresh login, one retry
      await this.login();
      res = await this.request('alerts', 'v1/alerts', alerts, this.token);
    }
    if (res.status === 401 || res.status === 403) {
      throw new LapiError('refused', 'alerts', `alerts refused (${res.status}): ${brief(res.body)}`, res.status);
    }
    expectStatus(res, 201, 'alerts');
    const ids = parseJson(res.body, 'alerts');
    if (
      !Array.isArray(ids) ||
      ids.length !== alerts.length ||
      !ids.every((id) => typeof id === 'string' || typeof id === 'number')
    ) {
      throw new LapiError(
        'garbage',
        'alerts',
        `alerts: expected a list of ${alerts.length} alert ids, found ${brief(res.body)}`,
        res.status,
      );
    }
    return ids.map(String);
  }

  private async request(
    step: 'login' | 'alerts',
    path: string,
    body: unknown,
    token: string | null = null,
  ): Promise<{ status: number; body: string }> {
    const url = new URL(path, this.credentials.url);
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        },
        body: JSON.stringify(body),
        signal,
        redirect: 'error',
      });
      return { status: res.status, body: await readLimited(res, step) };
    } catch (err) {
      if (err instanceof LapiError) throw err;
      const e = err as Error & { cause?: { code?: string; message?: string } };
      if (signal.aborted) {
        throw new LapiError('timeout', step, `${url.href}: no answer within ${this.options.timeoutMs / 1000} seconds`);
      }
      const cause = e.cause?.code ?? e.cause?.message ?? e.message;
      throw new LapiError('unreachable', step, `${url.href}: ${cause}`);
    }
  }
}

const readLimited = async (res: Response, step: 'login' | 'alerts'): Promise<string> => {
  if (res.body === null) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new LapiError(
        'garbage',
        step,
        `${res.url}: expected an answer of at most ${MAX_BODY_BYTES} bytes, found more`,
      );
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
};

const expectStatus = (res: { status: number; body: string }, want: number, what: 'login' | 'alerts'): void => {
  if (res.status === want) return;
  const kind: LapiErrorKind = res.status >= 400 && res.status < 500 ? 'rejected' : 'failed';
  throw new LapiError(
    kind,
    what,
    `${what}: expected status ${want}, found ${res.status}: ${brief(res.body)}`,
    res.status,
  );
};

const parseJson = (body: string, what: 'login' | 'alerts'): unknown => {
  try {
    return JSON.parse(body);
  } catch {
    throw new LapiError('garbage', what, `${what}: expected JSON, found ${brief(body)}`);
  }
};

/** a body as it may appear in a log line: one line, at most 200 characters */
const brief = (body: string): string => {
  const flat = body.replace(/\p{Cc}+/gu, ' ').trim();
  return flat === '' ? '(empty body)' : JSON.stringify(flat.length > 200 ? `${flat.slice(0, 200)}...` : flat);
};
