/**
 * Hostile input, walked from the OpenAPI document so a new operation is covered the day it lands:
 * every operation gets a few payloads a hostile client would send — NUL bytes and lone surrogates in
 * every string, search terms without letters or digits, tampered and foreign cursors, bad
 * percent-encoding, over-long path parameters, bad JSON, a wrong content type — as an administrator
 * (who passes every permission check, so the payload reaches the deepest code). Nothing may answer
 * 5xx, every refusal is problem+json, and no table gains or loses a row.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/harness.ts';

type Param = { name: string; in: string; required?: boolean; schema?: { type?: string | string[]; enum?: unknown[] } };
type Operation = { operationId?: string; parameters?: Param[]; requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, { type?: string | string[] }> } }> } };
type Doc = { paths: Record<string, Record<string, Operation>> };
type Op = { method: string; path: string; key: string; pathParams: string[]; query: Param[]; bodyProps: string[]; json: boolean; multipart: boolean };

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function operationsOf(doc: Doc): Op[] {
  const out: Op[] = [];
  for (const [p, ops] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(ops)) {
      if (!METHODS.includes(m)) continue;
      const path = p.replace(/^\/api\/v1/, '');
      const params = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      out.push({
        method: m.toUpperCase(),
        path,
        key: `${m.toUpperCase()} ${path}`,
        pathParams: params.filter((x) => x.in === 'path').map((x) => x.name),
        query: params.filter((x) => x.in === 'query'),
        bodyProps: Object.keys(content['application/json']?.schema?.properties ?? {}),
        json: Boolean(content['application/json']),
        multipart: Boolean(content['multipart/form-data']),
      });
    }
  }
  return out;
}

/** A plausible value for a path parameter, so the hostile part is the only wrong thing. */
function plainParam(name: string): string {
  if (name === 'catalog') return 'call-statuses';
  if (name === 'code') return 'X';
  return '1';
}

function urlOf(op: Op, params: Record<string, string> = {}, query = ''): string {
  let url = op.path;
  for (const name of op.pathParams) url = url.replace(`{${name}}`, params[name] ?? plainParam(name));
  return `/api/v1${url}${query ? `?${query}` : ''}`;
}

/** Already percent-encoded: NUL, a lone surrogate (CESU-8, invalid UTF-8). */
const HOSTILE_TEXT = ['a%00b', '%ED%A0%80'];
/** Search terms with no letter or digit (each percent-encoded). */
const NO_WORD_SEARCHES = ['-', '%25', '*', '%22', "'", '%00', '*%22', '(', '!', '%26', '%5C'];
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
/** Cursors a client could forge: not base64, not JSON, wrong shape, wrong types, values out of range. */
const BAD_CURSORS = ['!!!', b64({ a: 1 }), b64(['x']), b64(['x', 'y']), b64([1e300, 'x', 'y']), b64(['2026-13-45T99:99:99Z', 1]), b64([null, null]), b64([1.5, -1]), b64(['\u0000', 1]), b64([9007199254740993, '\ud800', 1])];
/** JSON strings that are refused whatever field they land in. */
const HOSTILE_JSON_STRINGS = ['a\u0000b', '\ud800'];
const LONG_PARAM = '9'.repeat(2000);

describe.each(DIALECTS)('hostile input on %s', (dialect) => {
  let t: TestApp;
  let ops: Op[];
  let tables: string[];
  let cookie: string;
  let csrf: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    ops = operationsOf((await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json());
    // Some rows, so lists and records have something to walk over.
    const customer = await t.admin.post('/customers', { code: 'HOSTILE', name: 'Hostil SL', taxId: 'B12345674' });
    expect(customer.status).toBe(201);
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'admin-test-password' } });
    cookie = String(login.headers['set-cookie']).split(';')[0]!;
    csrf = login.json().csrfToken;
    tables =
      dialect === 'sqlite'
        ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '%_fts%'`.execute(t.database.db)).rows.map((r) => r.name)
        : (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(t.database.db)).rows.map((r) => r.name);
  });
  afterAll(() => t.close());

  async function rowCounts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const table of tables) {
      const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(t.database.db);
      out[table] = Number(r.rows[0]!.n);
    }
    return out;
  }

  type Sent = { key: string; what: string; method: string; url: string; payload?: string; contentType?: string };

  async function send(s: Sent) {
    const headers: Record<string, string> = { cookie, 'x-csrf-token': csrf, 'accept-language': 'es' };
    if (s.payload !== undefined) headers['content-type'] = s.contentType ?? 'application/json';
    const res = await t.app.inject({ method: s.method as 'GET', url: s.url, headers, payload: s.payload });
    return res;
  }

  /** Every request sent must be answered below 500, and a refusal must be problem+json. */
  async function walk(requests: Sent[]) {
    const wrong: string[] = [];
    for (const s of requests) {
      const res = await send(s);
      const problem = String(res.headers['content-type'] ?? '').startsWith('application/problem+json');
      if (res.statusCode >= 500 || (res.statusCode >= 400 && !problem)) wrong.push(`${s.key} [${s.what}] → ${res.statusCode} ${res.body.slice(0, 160)}`);
    }
    return wrong;
  }

  it('finds every operation of the document', () => {
    expect(ops.length).toBeGreaterThan(100);
    expect(tables.length).toBeGreaterThan(30);
  });

  it('answers every operation below 500 with hostile input and changes no row', async () => {
    const requests: Sent[] = [];
    for (const op of ops) {
      const body = op.json ? '{}' : undefined;
      // Path parameters: NUL in each; a lone surrogate (invalid UTF-8) and an over-long one in the first.
      op.pathParams.forEach((name, i) => {
        for (const v of i === 0 ? ['a%00b', '%ED%A0%80', '%', LONG_PARAM] : ['a%00b']) requests.push({ key: op.key, what: `path ${name}=${v.slice(0, 12)}`, method: op.method, url: urlOf(op, { [name]: v }), payload: body });
      });
      // Query parameters: every one at once with each hostile text; the search term without words.
      if (op.query.length) {
        for (const v of HOSTILE_TEXT) requests.push({ key: op.key, what: `query ${v}`, method: op.method, url: urlOf(op, {}, op.query.map((q) => `${q.name}=${v}`).join('&')), payload: body });
        for (const q of op.query) {
          if (q.name === 'q' || q.name === 'search') for (const v of NO_WORD_SEARCHES) requests.push({ key: op.key, what: `${q.name}=${v}`, method: op.method, url: urlOf(op, {}, `${q.name}=${v}`), payload: body });
          if (q.name === 'cursor') for (const v of BAD_CURSORS) requests.push({ key: op.key, what: `cursor=${v}`, method: op.method, url: urlOf(op, {}, `cursor=${v}`), payload: body });
        }
      }
      if (op.method === 'GET') continue;
      // Bodies: every known string field at once with NUL / a lone surrogate; bad JSON; wrong type.
      if (op.json) {
        for (const v of HOSTILE_JSON_STRINGS) {
          const fields = op.bodyProps.length ? op.bodyProps : ['x'];
          const json = `{${fields.map((f) => `${JSON.stringify(f)}:${JSON.stringify(v)}`).join(',')}}`;
          requests.push({ key: op.key, what: `body ${JSON.stringify(v)}`, method: op.method, url: urlOf(op), payload: json });
        }
        requests.push({ key: op.key, what: 'body nested', method: op.method, url: urlOf(op), payload: `{"x":[{"y":"\\u0000"}]}` });
      }
      requests.push({ key: op.key, what: 'bad JSON', method: op.method, url: urlOf(op), payload: '{"a":' });
      requests.push({ key: op.key, what: 'text/plain', method: op.method, url: urlOf(op), payload: 'hello', contentType: 'text/plain' });
      if (op.multipart) {
        const boundary = 'XhostileX';
        const part = (name: string, filename: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--${boundary}--\r\n`;
        for (const [name, filename] of [['file', 'a\u0000b.txt'], ['file', '\ud800.txt'], ['fi\u0000le', 'a.txt'], ['file', '../../etc/passwd']]) {
          requests.push({ key: op.key, what: `multipart ${JSON.stringify(name)} ${JSON.stringify(filename)}`, method: op.method, url: urlOf(op), payload: part(name!, filename!), contentType: `multipart/form-data; boundary=${boundary}` });
        }
        requests.push({ key: op.key, what: 'multipart truncated', method: op.method, url: urlOf(op), payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"`, contentType: `multipart/form-data; boundary=${boundary}` });
      }
    }
    // Outside any route: the router's own errors are problem+json too.
    for (const url of ['/api/v1/%', '/api/v1/customers/%E0%A4%A', `/api/v1/customers/${LONG_PARAM}`, '/api/v1/customers/%00', '/api/v1/%ED%A0%80', '/api/v1/customers?%=%']) {
      requests.push({ key: 'router', what: url.slice(0, 40), method: 'GET', url });
    }

    const before = await rowCounts();
    const wrong = await walk(requests);
    const after = await rowCounts();
    expect(wrong).toEqual([]);
    // A session may have been refreshed, never a row added or removed (sessions included).
    expect(after).toEqual(before);
    expect(requests.length).toBeGreaterThan(800);
  }, 120_000);

  it('refuses NUL bytes and lone surrogates in any string with 400 naming the field, before anything else', async () => {
    const wrong: string[] = [];
    for (const op of ops.filter((o) => o.json && o.bodyProps.length)) {
      const field = op.bodyProps[0]!;
      for (const v of HOSTILE_JSON_STRINGS) {
        const res = await send({ key: op.key, what: '', method: op.method, url: urlOf(op), payload: JSON.stringify({ [field]: v }) });
        const named = (res.json().errors ?? []).some((e: { field: string; code: string }) => e.field === field && e.code === 'invalid_characters');
        if (res.statusCode !== 400 || !named) wrong.push(`${op.key} ${field}=${JSON.stringify(v)} → ${res.statusCode} ${res.body.slice(0, 160)}`);
      }
    }
    for (const op of ops.filter((o) => o.method === 'GET' && o.query.length)) {
      const q = op.query[0]!;
      const res = await send({ key: op.key, what: '', method: 'GET', url: urlOf(op, {}, `${q.name}=a%00b`) });
      const named = (res.json().errors ?? []).some((e: { field: string; code: string }) => e.field === q.name && e.code === 'invalid_characters');
      if (res.statusCode !== 400 || !named) wrong.push(`${op.key} ?${q.name}=a%00b → ${res.statusCode} ${res.body.slice(0, 160)}`);
    }
    expect(wrong).toEqual([]);
    // Messages in both languages.
    const en = await t.admin.withLanguage('en').post('/customers', { code: 'A\u0000', name: 'x' });
    expect(en.body.errors.find((e: { field: string }) => e.field === 'code').message).toMatch(/character/i);
  }, 60_000);

  it('finds nothing (never fails) when the search term has no letter or digit', async () => {
    const lists = ops.filter((o) => o.method === 'GET' && o.pathParams.length === 0 && o.query.some((q) => q.name === 'q'));
    expect(lists.length).toBeGreaterThan(5);
    const wrong: string[] = [];
    for (const op of lists) {
      const required = op.query.filter((q) => q.required && q.name !== 'q').map((q) => `${q.name}=${String(q.schema?.enum?.[0] ?? '1')}`);
      for (const v of ['-', '%25', '*', '%22', "'", '%22%22']) {
        const res = await send({ key: op.key, what: '', method: 'GET', url: urlOf(op, {}, [...required, `q=${v}`].join('&')) });
        const items = res.json().items;
        if (!(res.statusCode === 400 || (res.statusCode === 200 && Array.isArray(items) && items.length === 0))) wrong.push(`${op.key} q=${v} → ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
    expect(wrong).toEqual([]);
    // A real term still finds the customer.
    expect((await t.admin.get('/customers?q=hostil')).body.items.length).toBeGreaterThan(0);
  }, 60_000);

  it('refuses a tampered or foreign cursor with 400 naming cursor on every list', async () => {
    // A real cursor of another list (customers) offered to each list.
    expect((await t.admin.post('/customers', { code: 'HOSTILE2', name: 'Hostil Dos SL' })).status).toBe(201);
    const page = await t.admin.get('/customers?limit=1');
    const foreign = page.body.nextCursor as string;
    expect(foreign).toBeTruthy();
    const wrong: string[] = [];
    for (const op of ops.filter((o) => o.method === 'GET' && o.query.some((q) => q.name === 'cursor'))) {
      for (const cursor of [...BAD_CURSORS, ...(op.path === '/customers' ? [] : [foreign])]) {
        const required = op.query.filter((q) => q.required && q.name !== 'cursor').map((q) => `${q.name}=${String(q.schema?.enum?.[0] ?? '1')}`);
        const res = await send({ key: op.key, what: '', method: 'GET', url: urlOf(op, {}, [...required, `cursor=${cursor}`].join('&')) });
        if (res.statusCode === 404) continue; // the record named in the path does not exist: nothing to page
        const named = (res.json().errors ?? []).some((e: { field: string }) => e.field === 'cursor');
        if (res.statusCode !== 400 || !named) wrong.push(`${op.key} cursor=${cursor} → ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
    expect(wrong).toEqual([]);
    // Its own cursor still pages.
    expect((await t.admin.get(`/customers?limit=1&cursor=${foreign}`)).status).toBe(200);
  }, 60_000);
});
