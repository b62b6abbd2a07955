/**
 * Safe retries, walked from the OpenAPI document so a new POST is covered the day it lands: every
 * POST operation either has a case here — sent twice with one Idempotency-Key, the second answer is
 * the first one again (`Idempotent-Replayed: true`) and no table gains or loses a row; the same key
 * with other data is a 422 that changes nothing — or is listed in NOT_KEYED with the reason.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, DIALECTS, type TestApp } from '../../../test/harness.ts';
import { systemCtx } from '../context.ts';
import { COMPANY, seedBillingCatalogs } from '../modules/billing/billing.fixtures.ts';
import { createNotice, queueEmail } from '../modules/notify/notify.service.ts';
import { code2 } from '../modules/activities/activities.fixtures.ts';
import { incidentCatalogs, makeCall, makeCustomer, makeIncident, makeItem, uid } from '../modules/incidents/incidents.fixtures.ts';

/** POST operations Idempotency-Key does not apply to, on purpose (`config: { idempotent: false }`). */
const NOT_KEYED: Record<string, string> = {
  logIn: 'a session is not a record to replay; the login limit counts every attempt',
  logOut: 'ends the session; running it twice is harmless',
  changeOwnPassword: 'ends the other sessions; a replayed answer would hide a wrong current password',
  createApiToken: 'its answer carries the token secret, shown once: it is never stored to be replayed',
};

const WEEK = [[{ from: '08:00', to: '14:00' }], [], [], [], [], [], []];

type Request = { url: string; body?: unknown; other?: unknown; file?: { name: string; data: Buffer }; otherFile?: { name: string; data: Buffer }; as?: Agent };
type Case = () => Promise<Request>;

function multipart(file: { name: string; data: Buffer }) {
  const boundary = `----atiende${randomBytes(6).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  return { payload: Buffer.concat([head, file.data, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe.each(DIALECTS)('Idempotency-Key on every POST on %s', (dialect) => {
  let t: TestApp;
  let ops: Array<{ operationId: string; path: string }>;
  let tables: string[];
  let customerId: string;
  let itemId: string;
  let calendarId: string;
  let other: { agent: Agent; id: string };
  let session: { cookie: string; csrf: string };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, { operationId: string }>> };
    ops = Object.entries(doc.paths).flatMap(([path, o]) => (o.post ? [{ operationId: o.post.operationId, path }] : []));
    tables =
      dialect === 'sqlite'
        ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '%_fts%'`.execute(t.database.db)).rows.map((r) => r.name)
        : (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(t.database.db)).rows.map((r) => r.name);
    await incidentCatalogs(t);
    await seedBillingCatalogs(t.admin);
    expect((await t.admin.put('/billing/company', COMPANY)).status).toBe(200);
    customerId = (await makeCustomer(t, { taxId: 'A28015865', address: { street: 'Gran Vía 2', city: 'Madrid', postalCode: '28013' } })).id;
    itemId = (await makeItem(t)).id;
    expect((await t.admin.post('/catalogs/regions', { code: 'CT', descriptionEs: 'Cataluña', descriptionEn: 'Catalonia' })).status).toBe(201);
    calendarId = (await t.admin.post('/service-calendars', { name: 'Base', week: WEEK })).body.id;
    other = await t.userWithRole('agent');
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'admin-test-password' } });
    session = { cookie: String(login.headers['set-cookie']).split(';')[0]!, csrf: login.json().csrfToken };
  });
  afterAll(() => t.close());

  async function rowCounts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const table of tables) out[table] = Number((await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(t.database.db)).rows[0]!.n);
    return out;
  }

  const created = async (res: Promise<{ status: number; body: any; text: string }>, what: string) => {
    const r = await res;
    if (r.status !== 201) throw new Error(`${what}: ${r.status} ${r.text}`);
    return r.body as { id: string };
  };
  const invoice = () => created(t.admin.post('/invoices', { customerId, lines: [{ description: 'Reparación', quantityMilli: 1000, unitPriceCents: 10000, vatRateBp: 2100 }] }), 'invoice');
  const today = new Date().toISOString().slice(0, 10);
  const future = () => new Date(Date.now() + 86_400_000 * 2).toISOString();

  /** A new incident taken through its stages up to `last`. */
  async function incidentAt(last: 'diagnose' | 'resolve' | 'close'): Promise<string> {
    const { id } = await makeIncident(t, { customerId });
    const steps: Array<[string, object]> = [['diagnose', { diagnosis: 'Fusor' }], ['resolve', { solution: 'Cambiado', resolutionCode: 'REP' }], ['close', {}]];
    for (const [step, body] of steps) {
      const res = await t.admin.post(`/incidents/${id}/${step}`, body);
      if (res.status !== 200) throw new Error(`${step}: ${res.status} ${res.text}`);
      if (step === last) break;
    }
    return id;
  }

  /** One case per operationId: a fresh target, the body, and other data for the 422 check. */
  const CASES: Record<string, Case> = {
    createUser: async () => ({ url: '/users', body: { username: `u${uid()}`.toLowerCase(), name: 'Lucía', password: 'secreto-largo', role: 'agent' }, other: { username: `v${uid()}`.toLowerCase(), name: 'Otra', password: 'secreto-largo', role: 'agent' } }),
    createGroup: async () => ({ url: '/groups', body: { code: `G${uid()}`, name: 'Taller', memberIds: [] }, other: { code: `H${uid()}`, name: 'Taller', memberIds: [] } }),
    createCatalogEntry: async () => ({ url: '/catalogs/call-statuses', body: { code: code2(), descriptionEs: 'Situación', descriptionEn: 'Status', pending: true }, other: { code: code2(), descriptionEs: 'Otra', descriptionEn: 'Other', pending: true } }),
    createProject: async () => ({ url: '/projects', body: { code: `P${uid()}`, name: 'Proyecto', customerId, kind: 'commercial' }, other: { code: `Q${uid()}`, name: 'Proyecto', customerId, kind: 'commercial' } }),
    createTask: async () => ({ url: '/tasks', body: { title: 'Revisar', customerId, assigneeUserId: t.adminId }, other: { title: 'Otra', customerId, assigneeUserId: t.adminId } }),
    createTimeEntry: async () => ({ url: '/time-entries', body: { customerId, userId: t.adminId, date: today, minutes: 15, text: 'Visita' }, other: { customerId, userId: t.adminId, date: today, minutes: 30, text: 'Visita' } }),
    recordQuickTime: async () => ({ url: `/customers/${customerId}/quick-time`, body: { text: 'Llamada', minutes: 10, userId: t.adminId, date: today }, other: { text: 'Llamada', minutes: 20, userId: t.adminId, date: today } }),
    registerCall: async () => ({ url: '/calls', body: { customerId, toUserId: t.adminId, description: 'Llama' }, other: { customerId, toUserId: t.adminId, description: 'Otra' } }),
    addCallNote: async () => ({ url: `/calls/${(await makeCall(t, customerId)).id}/notes`, body: { text: 'Nota' }, other: { text: 'Otra nota' } }),
    finishCall: async () => ({ url: `/calls/${(await makeCall(t, customerId)).id}/finish`, body: {} }),
    reopenCall: async () => {
      const call = await makeCall(t, customerId);
      expect((await t.admin.post(`/calls/${call.id}/finish`, {})).status).toBe(200);
      return { url: `/calls/${call.id}/reopen`, body: {} };
    },
    finishCalls: async () => ({ url: '/calls/bulk-finish', body: { ids: [(await makeCall(t, customerId)).id, (await makeCall(t, customerId)).id] } }),
    reassignCalls: async () => {
      const ids = [(await makeCall(t, customerId)).id, (await makeCall(t, customerId)).id];
      return { url: '/calls/bulk-reassign', body: { ids, toUserId: other.id }, other: { ids, toUserId: t.adminId } };
    },
    postponeCall: async () => {
      const until = future();
      return { url: `/calls/${(await makeCall(t, customerId)).id}/postpone`, body: { until, reason: 'No está', toUserId: t.adminId }, other: { until, reason: 'Otra razón', toUserId: t.adminId } };
    },
    createCustomer: async () => ({ url: '/customers', body: { code: `C${uid()}`, name: 'Cliente' }, other: { code: `D${uid()}`, name: 'Cliente' } }),
    createCustomerContact: async () => ({ url: `/customers/${customerId}/contacts`, body: { name: 'Ana', phones: [], emails: [] }, other: { name: 'Eva', phones: [], emails: [] } }),
    createContact: async () => ({ url: '/contacts', body: { customerId, name: 'Ana', phones: [] }, other: { customerId, name: 'Eva', phones: [] } }),
    createItem: async () => ({ url: '/items', body: { code: `I${uid()}`, description: 'Filtro', kind: 'product', unitPriceCents: 100, vatRate: 2100 }, other: { code: `J${uid()}`, description: 'Filtro', kind: 'product', unitPriceCents: 100, vatRate: 2100 } }),
    createContract: async () => ({ url: '/contracts', body: { code: `K${uid()}`, customerId, startDate: '2026-01-01', endDate: '2026-12-31' }, other: { code: `L${uid()}`, customerId, startDate: '2026-01-01', endDate: '2026-12-31' } }),
    createUnit: async () => ({ url: '/units', body: { serialNumber: `SN-${uid()}`, itemId, customerId, saleDate: '2026-01-10' }, other: { serialNumber: `SM-${uid()}`, itemId, customerId, saleDate: '2026-01-10' } }),
    markNoticeRead: async () => {
      const id = await createNotice(systemCtx(t.database, t.config), { userId: Number(other.id), kind: 'assignment', title: 'Para ti' });
      return { url: `/notices/${id}/read`, as: other.agent };
    },
    markAllNoticesRead: async () => {
      await createNotice(systemCtx(t.database, t.config), { userId: Number(other.id), kind: 'assignment', title: 'Para ti también' });
      return { url: '/notices/read-all', as: other.agent };
    },
    retryOutboxMessage: async () => {
      const id = await queueEmail(systemCtx(t.database, t.config), { to: 'cliente@example.com', subject: 'Aviso', bodyText: 'Hola', language: 'es' });
      await t.database.db.updateTable('email_outbox').set({ status: 'failed' }).where('id', '=', id).execute();
      return { url: `/outbox/${id}/retry` };
    },
    createCustomerEvent: async () => ({ url: '/customer-events', body: { customerId, title: 'Llamar', dueAt: future() }, other: { customerId, title: 'Visitar', dueAt: future() } }),
    createActivity: async () => ({ url: '/activities', body: { customerId, problem: 'No enfría' }, other: { customerId, problem: 'No calienta' } }),
    addActivityAttachment: async () => ({
      url: `/activities/${(await created(t.admin.post('/activities', { customerId, problem: 'Con foto' }), 'activity')).id}/attachments`,
      file: { name: 'foto.txt', data: Buffer.from('foto') },
      otherFile: { name: 'foto.txt', data: Buffer.from('otra foto') },
    }),
    createCommercialActivity: async () => ({ url: '/commercial-activities', body: { customerId, description: 'Oferta' }, other: { customerId, description: 'Otra oferta' } }),
    createIncident: async () => ({ url: '/incidents', body: { customerId, symptom: 'No imprime' }, other: { customerId, symptom: 'No enciende' } }),
    delegateIncident: async () => ({ url: `/incidents/${(await makeIncident(t, { customerId })).id}/delegate`, body: { toUserId: other.id, note: 'Vacaciones' }, other: { toUserId: other.id, note: 'Otra nota' } }),
    diagnoseIncident: async () => ({ url: `/incidents/${(await makeIncident(t, { customerId })).id}/diagnose`, body: { diagnosis: 'Fusor' }, other: { diagnosis: 'Rodillo' } }),
    resolveIncident: async () => ({ url: `/incidents/${await incidentAt('diagnose')}/resolve`, body: { solution: 'Cambiado', resolutionCode: 'REP' }, other: { solution: 'Otro', resolutionCode: 'REP' } }),
    closeIncident: async () => ({ url: `/incidents/${await incidentAt('resolve')}/close`, body: {} }),
    reopenIncident: async () => ({ url: `/incidents/${await incidentAt('close')}/reopen`, body: { reason: 'Vuelve a fallar' }, other: { reason: 'Otra vez' } }),
    createIncidentEvent: async () => ({ url: `/incidents/${(await makeIncident(t, { customerId })).id}/events`, body: { text: 'Llama' }, other: { text: 'Llama otra vez' } }),
    createIncidentSupply: async () => ({ url: `/incidents/${(await makeIncident(t, { customerId })).id}/supplies`, body: { itemId, quantity: 1 }, other: { itemId, quantity: 2 } }),
    addIncidentAttachment: async () => ({ url: `/incidents/${(await makeIncident(t, { customerId })).id}/attachments`, file: { name: 'a.txt', data: Buffer.from('a') }, otherFile: { name: 'b.txt', data: Buffer.from('a') } }),
    createServiceCalendar: async () => ({ url: '/service-calendars', body: { name: `Cal ${uid()}`, week: WEEK }, other: { name: `Otro ${uid()}`, week: WEEK } }),
    addServiceCalendarHoliday: async () => ({ url: `/service-calendars/${calendarId}/holidays`, body: { date: `2027-0${1 + (Number.parseInt(uid(), 16) % 9)}-1${Number.parseInt(uid(), 16) % 9}`, name: 'Fiesta' }, other: { date: '2027-12-31', name: 'Otra' } }),
    loadSpanishHolidays: async () => ({ url: `/service-calendars/${(await created(t.admin.post('/service-calendars', { name: `Gen ${uid()}`, week: WEEK }), 'calendar')).id}/holidays/generate`, body: { year: 2026, regionCode: 'CT' }, other: { year: 2027, regionCode: 'CT' } }),
    createInvoice: async () => ({ url: '/invoices', body: { customerId, lines: [{ description: 'Reparación', quantityMilli: 1000, unitPriceCents: 5000, vatRateBp: 2100 }] }, other: { customerId, lines: [{ description: 'Reparación', quantityMilli: 2000, unitPriceCents: 5000, vatRateBp: 2100 }] } }),
    rectifyInvoice: async () => ({ url: `/invoices/${(await invoice()).id}/rectify`, body: { type: 'R1', method: 'differences', reason: 'Precio', fullCredit: true }, other: { type: 'R1', method: 'differences', reason: 'Otro motivo', fullCredit: true } }),
    voidInvoice: async () => ({ url: `/invoices/${(await invoice()).id}/void`, body: { reason: 'Por error' }, other: { reason: 'Otro motivo' } }),
    createInvoicePayment: async () => ({ url: `/invoices/${(await invoice()).id}/payments`, body: { paidOn: today, amountCents: 1000, method: 'transfer' }, other: { paidOn: today, amountCents: 2000, method: 'transfer' } }),
    reverseInvoicePayment: async () => {
      const inv = await invoice();
      const paid = await t.admin.post(`/invoices/${inv.id}/payments`, { paidOn: today, amountCents: 1000, method: 'card' });
      expect(paid.status, paid.text).toBe(201);
      const paymentId = paid.body.payments.at(-1).id;
      return { url: `/invoices/${inv.id}/payments/${paymentId}/reverse`, body: { note: 'Devuelto' }, other: { note: 'Otra nota' } };
    },
    verifyVerifactuChain: async () => ({ url: '/verifactu/verify', body: {} }),
    createReportSubscription: async () => ({ url: '/report-subscriptions', body: { report: 'calls', frequency: 'weekly', filters: {} }, other: { report: 'calls', frequency: 'monthly', filters: {} } }),
    createSavedView: async () => ({ url: '/saved-views', body: { list: 'calls', name: `Vista ${uid()}`, query: 'view=all' }, other: { list: 'calls', name: `Otra ${uid()}`, query: 'view=all' } }),
  };

  /** Set up by its own suite (a failed automatic action needs its external target); honoured like every POST. */
  const COVERED_ELSEWHERE: Record<string, string> = {
    retryActivityAutomaticAction: 'needs a failed automatic action; a second retry is a 409 by its own rule (activities suite)',
  };

  async function send(req: Request, key: string, alt = false) {
    if (req.file) {
      const body = multipart(alt ? req.otherFile! : req.file);
      const res = await t.app.inject({ method: 'POST', url: `/api/v1${req.url}`, payload: body.payload, headers: { 'content-type': body.contentType, cookie: session.cookie, 'x-csrf-token': session.csrf, 'idempotency-key': key } });
      return { status: res.statusCode, text: res.body, headers: res.headers };
    }
    const res = await (req.as ?? t.admin).post(req.url, alt ? req.other : req.body, { 'idempotency-key': key });
    return { status: res.status, text: res.text, headers: res.headers };
  }

  it('has a case for every POST operation of the document, or a reason why not', () => {
    const known = new Set([...Object.keys(CASES), ...Object.keys(NOT_KEYED), ...Object.keys(COVERED_ELSEWHERE)]);
    expect(ops.filter((o) => !known.has(o.operationId)).map((o) => `${o.operationId} ${o.path}`)).toEqual([]);
    expect(ops.length).toBeGreaterThan(40);
  });

  it('replays the first answer of every POST sent twice with one key, and changes no row the second time', async () => {
    const wrong: string[] = [];
    for (const op of ops.filter((o) => CASES[o.operationId])) {
      const req = await CASES[op.operationId]!();
      const key = `k-${randomBytes(8).toString('hex')}`;
      const first = await send(req, key);
      if (first.status < 200 || first.status >= 300) {
        wrong.push(`${op.operationId}: first answer ${first.status} ${first.text.slice(first.text.indexOf("errors"), 400)}`);
        continue;
      }
      const before = await rowCounts();
      const again = await send(req, key);
      if (again.status !== first.status || again.text !== first.text || again.headers['idempotent-replayed'] !== 'true') wrong.push(`${op.operationId}: retry ${again.status} replayed=${String(again.headers['idempotent-replayed'])} ${again.text.slice(0, 120)}`);
      if (req.other !== undefined || req.otherFile) {
        const changed = await send(req, key, true);
        if (changed.status !== 422 || !changed.text.includes('idempotency_key_reused')) wrong.push(`${op.operationId}: other data under the key → ${changed.status} ${changed.text.slice(0, 120)}`);
      }
      const after = await rowCounts();
      const moved = tables.filter((x) => before[x] !== after[x]);
      if (moved.length) wrong.push(`${op.operationId}: the retry changed ${moved.map((x) => `${x} ${before[x]}→${after[x]}`).join(', ')}`);
    }
    expect(wrong).toEqual([]);
  }, 180_000);

  /** Values a hostile client puts in one field of an otherwise valid body. */
  const HOSTILE_VALUES: unknown[] = [-1, 1e21, 1.5, 'x'.repeat(70_000), '', {}, [], null];

  /** Where a value can go: each top-level field, and each field of the first object of an array. */
  function leafPaths(body: Record<string, unknown>): string[][] {
    const out: string[][] = [];
    for (const [k, v] of Object.entries(body)) {
      out.push([k]);
      if (Array.isArray(v) && v[0] && typeof v[0] === 'object') for (const kk of Object.keys(v[0])) out.push([k, '0', kk]);
      else if (v && typeof v === 'object' && !Array.isArray(v)) for (const kk of Object.keys(v)) out.push([k, kk]);
    }
    return out;
  }
  function withValue(body: unknown, at: string[], value: unknown): unknown {
    const copy = structuredClone(body) as Record<string, unknown>;
    let node: Record<string, unknown> = copy;
    for (const step of at.slice(0, -1)) node = node[step] as Record<string, unknown>;
    node[at.at(-1)!] = value;
    return copy;
  }

  it('never answers 5xx to one hostile value in an otherwise valid body of any POST, and a refusal changes no row', async () => {
    // Every table's rows in one round trip: a field whose hostile values were all refused moved none.
    const totalQuery = sql.raw(`select ${tables.map((x) => `(select count(*) from "${x}")`).join(' + ')} as n`);
    const total = async () => Number((await sql<{ n: number | string }>`${totalQuery}`.execute(t.database.db)).rows[0]!.n);
    const wrong: string[] = [];
    let sent = 0;
    for (const op of ops.filter((o) => CASES[o.operationId])) {
      const req = await CASES[op.operationId]!();
      if (!req.body || typeof req.body !== 'object') continue;
      for (const at of leafPaths(req.body as Record<string, unknown>)) {
        const before = await total();
        let accepted = false;
        for (const value of HOSTILE_VALUES) {
          const res = await (req.as ?? t.admin).post(req.url, withValue(req.body, at, value));
          sent++;
          const what = `${op.operationId} ${at.join('.')}=${JSON.stringify(value)?.slice(0, 20)}`;
          if (res.status >= 500) wrong.push(`${what} → ${res.status} ${res.text.slice(0, 160)}`);
          else if (res.status >= 400 && !String(res.headers['content-type']).startsWith('application/problem+json')) wrong.push(`${what} → ${res.status} not problem+json`);
          else if (res.status < 400) accepted = true;
        }
        const after = await total();
        if (!accepted && after !== before) wrong.push(`${op.operationId} ${at.join('.')}: every value refused, yet rows ${before}→${after}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(sent).toBeGreaterThan(500);
  }, 300_000);

  it('never stores a secret to replay: an API token create is not kept under its key', async () => {
    const key = `k-${randomBytes(8).toString('hex')}`;
    const first = await t.admin.post('/api-tokens', { name: 'Centralita', role: 'agent' }, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const rows = await t.database.db.selectFrom('idempotency_keys').select('response_body').execute();
    expect(rows.some((r) => r.response_body.includes(first.body.token ?? '\u0000none'))).toBe(false);
  });
});
