/**
 * What a demo step receives: an HTTP client on the real API (in-process, authenticated with an API
 * token created for the run, so demo data passes the same validation as a user's), the state the
 * earlier steps left (ids by code), and a seeded random generator so every demo is the same.
 */
import type { buildApp } from '../app.ts';

export type DemoApp = Awaited<ReturnType<typeof buildApp>>;

export class DemoApiError extends Error {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`demo: ${method} ${url} answered ${status}: ${JSON.stringify(body).slice(0, 800)}`);
  }
}

export type DemoApi = {
  get<T = any>(url: string): Promise<T>;
  post<T = any>(url: string, body: unknown): Promise<T>;
  patch<T = any>(url: string, body: unknown): Promise<T>;
  put<T = any>(url: string, body: unknown): Promise<T>;
  /** Every item of a keyset-paginated list. */
  all<T = any>(url: string): Promise<T[]>;
};

export function createDemoApi(app: DemoApp, token: string | { cookie: string; csrf: string }): DemoApi {
  const auth: Record<string, string> = typeof token === 'string' ? { authorization: `Bearer ${token}` } : { cookie: token.cookie, 'x-csrf-token': token.csrf };
  async function call<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, body?: unknown): Promise<T> {
    const res = await app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { ...auth, 'accept-language': 'es' },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    const parsed = res.body ? safeJson(res.body) : undefined;
    if (res.statusCode >= 300) throw new DemoApiError(method, url, res.statusCode, parsed ?? res.body);
    return parsed as T;
  }
  return {
    get: (url) => call('GET', url),
    post: (url, body) => call('POST', url, body),
    patch: (url, body) => call('PATCH', url, body),
    put: (url, body) => call('PUT', url, body),
    async all(url) {
      const out: any[] = [];
      let cursor: string | null = null;
      do {
        const sep = url.includes('?') ? '&' : '?';
        const page: { items: any[]; nextCursor: string | null } = await call('GET', `${url}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        out.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return out;
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Ids (as the API returns them) of what earlier steps created, by a readable key. */
export type DemoState = {
  users: Record<string, string>;
  groups: Record<string, string>;
  customers: Record<string, string>;
  contacts: Record<string, string>;
  items: Record<string, string>;
  units: Record<string, string>;
  contracts: Record<string, string>;
  /** Other areas keep their own ids here (`state.extra.calls = …`). */
  extra: Record<string, unknown>;
};

export function emptyState(): DemoState {
  return { users: {}, groups: {}, customers: {}, contacts: {}, items: {}, units: {}, contracts: {}, extra: {} };
}

export type DemoRandom = {
  /** [0, 1) */
  next(): number;
  int(min: number, max: number): number;
  pick<T>(list: readonly T[]): T;
  chance(p: number): boolean;
};

/** mulberry32: small, fast, seeded; the demo is the same on every run. */
export function seededRandom(seed: number): DemoRandom {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

export type DemoStepContext = {
  api: DemoApi;
  state: DemoState;
  /** Password of every demo user. */
  password: string;
  random: DemoRandom;
  /** Today (YYYY-MM-DD, Europe/Madrid), the anchor of every generated date. */
  today: string;
  /**
   * Runs `fn` with the demo app's clock `daysAgo` days behind the system's, so what the billing
   * service stamps (issue date and instant, the VERI*FACTU record's generation instant, payments)
   * happened then. Calls must go from the oldest day to the newest (the chain's instants only move
   * forward). Only the demo loader has this clock: its app never listens, and it runs on a database
   * without customers, so nothing was issued before.
   */
  asOf<T>(daysAgo: number, fn: () => Promise<T>): Promise<T>;
  /**
   * Runs `fn` with the demo app's clock `hoursAgo` hours behind the system's (fractions allowed), for
   * records that form no chain: an incident's intake, events, steps and SLA clocks happen when the
   * case says they did, so its response and resolution are met or missed as they would have been.
   * Unlike `asOf` it may go back and forth (one case after another); never issue an invoice inside
   * it (closing a billable case with supplies does): billing's history moves forward through `asOf`.
   */
  asOfHours<T>(hoursAgo: number, fn: () => Promise<T>): Promise<T>;
  /**
   * The API as one of the demo users (logged in with the demo password), so what they register
   * carries their name in the server-set stamps. Falls back to `api` when that user cannot log in
   * (a user that existed before the demo, with another password).
   */
  as(username: string): Promise<DemoApi>;
};

/** Logs in through the real login route; null when the password is not the demo one. */
export async function loginDemoApi(app: DemoApp, username: string, password: string): Promise<{ api: DemoApi; logout: () => Promise<void> } | null> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) return null;
  const session = { cookie: String(res.headers['set-cookie']).split(';')[0], csrf: (res.json() as { csrfToken: string }).csrfToken };
  return {
    api: createDemoApi(app, session),
    logout: async () => {
      await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: session.cookie, 'x-csrf-token': session.csrf } });
    },
  };
}

export type DemoStep = {
  /** Short name used in the summary and in errors. */
  name: string;
  /** Runs the step; returns a short summary ("40 clientes") or nothing. */
  run(ctx: DemoStepContext): Promise<string | void>;
};

// Calendar arithmetic for the steps: the product's own helpers, not copies.
export { addDays } from '../../shared/dates.ts';
export { addMonths } from '../modules/products/warranty.ts';
