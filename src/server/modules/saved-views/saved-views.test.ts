/**
 * Saved views: a user's named filters of a list — saved, listed by list and name a page at a time,
 * applied (the query string comes back as saved), renamed, re-saved, deleted; the owner only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, DIALECTS, type TestApp } from '../../../../test/harness.ts';

describe.each(DIALECTS)('saved views on %s', (dialect) => {
  let t: TestApp;
  let ana: { agent: Agent; id: string; username: string };
  let eva: { agent: Agent; id: string; username: string };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    ana = await t.userWithRole('agent');
    eva = await t.userWithRole('readonly', { language: 'en' });
  });
  afterAll(() => t.close());

  const rows = () => t.database.db.selectFrom('saved_views').selectAll().execute();

  it('saves, lists by list then name, applies, renames, re-saves and deletes a view, each change audited', async () => {
    const urgent = await ana.agent.post('/saved-views', { list: 'calls', name: '  Urgentes de hoy ', query: '?view=now&sort=priority' });
    expect(urgent.status, urgent.text).toBe(201);
    expect(urgent.body).toMatchObject({ list: 'calls', name: 'Urgentes de hoy', query: 'view=now&sort=priority', createdAt: expect.any(String) });
    expect(urgent.body.createdAt).toBe(urgent.body.updatedAt);
    const a = await ana.agent.post('/saved-views', { list: 'calls', name: 'Averías', query: 'view=all&type=AV' });
    const inc = await ana.agent.post('/saved-views', { list: 'incidents', name: 'Críticas abiertas', query: 'view=open&priority=P1' });
    // The same name on another list is another view.
    const same = await ana.agent.post('/saved-views', { list: 'incidents', name: 'Averías', query: '' });
    expect([a.status, inc.status, same.status]).toEqual([201, 201, 201]);

    const calls = await ana.agent.get('/saved-views?list=calls');
    expect(calls.status).toBe(200);
    expect(calls.body.items.map((v: { name: string }) => v.name)).toEqual(['Averías', 'Urgentes de hoy']);
    const all = await ana.agent.get('/saved-views');
    expect(all.body.items.map((v: { list: string; name: string }) => `${v.list}:${v.name}`)).toEqual(['calls:Averías', 'calls:Urgentes de hoy', 'incidents:Averías', 'incidents:Críticas abiertas']);
    // Applying a view: its query string as saved.
    expect((await ana.agent.get(`/saved-views/${inc.body.id}`)).body.query).toBe('view=open&priority=P1');

    const renamed = await ana.agent.patch(`/saved-views/${urgent.body.id}`, { name: 'Lo urgente' });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Lo urgente', query: 'view=now&sort=priority' });
    const resaved = await ana.agent.patch(`/saved-views/${urgent.body.id}`, { query: 'view=now&sort=priority&dest=g%3A1' });
    expect(resaved.body).toMatchObject({ name: 'Lo urgente', query: 'view=now&sort=priority&dest=g%3A1' });
    // Nothing changed: nothing written.
    expect((await ana.agent.patch(`/saved-views/${urgent.body.id}`, { name: 'Lo urgente' })).body.updatedAt).toBe(resaved.body.updatedAt);

    expect((await ana.agent.delete(`/saved-views/${a.body.id}`)).status).toBe(204);
    expect((await ana.agent.get('/saved-views?list=calls')).body.items.map((v: { name: string }) => v.name)).toEqual(['Lo urgente']);
    expect((await ana.agent.get(`/saved-views/${a.body.id}`)).status).toBe(404);

    const audit = await t.admin.get(`/audit?entityType=saved_view&entityId=${urgent.body.id}&limit=50`);
    expect(audit.body.items.map((e: { action: string; actor: string }) => `${e.action}:${e.actor}`).reverse()).toEqual([`create:${ana.username}`, `update:${ana.username}`, `update:${ana.username}`]);
    expect((await t.admin.get(`/audit?entityType=saved_view&entityId=${a.body.id}&limit=50`)).body.items.map((e: { action: string }) => e.action)).toEqual(['delete', 'create']);
  });

  it('refuses a second view of the same name on the same list with a 409 naming the field, in the user\'s language, and changes nothing', async () => {
    const first = await eva.agent.post('/saved-views', { list: 'invoices', name: 'Overdue', query: 'status=overdue' });
    expect(first.status, first.text).toBe(201);
    const before = await rows();
    const again = await eva.agent.post('/saved-views', { list: 'invoices', name: 'Overdue', query: 'status=issued' });
    expect(again.status).toBe(409);
    expect(String(again.headers['content-type'])).toMatch(/^application\/problem\+json/);
    expect(again.body).toMatchObject({ code: 'saved_view_name_taken', errors: [{ field: 'name', code: 'saved_view_name_taken' }] });
    expect(again.body.detail).toMatch(/already have a saved view/);
    const other = await eva.agent.post('/saved-views', { list: 'invoices', name: 'Paid', query: 'status=paid' });
    const rename = await eva.agent.patch(`/saved-views/${other.body.id}`, { name: 'Overdue' });
    expect(rename.status).toBe(409);
    expect(rename.body.errors[0].field).toBe('name');
    // In Spanish for a Spanish user; another user may use the same name.
    const es = await ana.agent.post('/saved-views', { list: 'invoices', name: 'Overdue', query: '' });
    expect(es.status).toBe(201);
    const esAgain = await ana.agent.post('/saved-views', { list: 'invoices', name: 'Overdue', query: '' });
    expect(esAgain.body.detail).toMatch(/Ya tiene una vista guardada/);
    expect((await eva.agent.get(`/saved-views/${other.body.id}`)).body.name).toBe('Paid');
    expect((await rows()).length).toBe(before.length + 2);
  });

  it('refuses a list outside the fixed set, a query over 2,000 characters, an empty name and server-set fields, naming each field', async () => {
    const before = (await rows()).length;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ list: 'users', name: 'X', query: '' }, 'list'],
      [{ list: 'calls', name: 'X', query: 'q='.padEnd(2001, 'a') }, 'query'],
      [{ list: 'calls', name: '   ', query: '' }, 'name'],
      [{ list: 'calls', name: 'X'.repeat(81), query: '' }, 'name'],
      [{ list: 'calls', name: 'X' }, 'query'],
      [{ list: 'calls', name: 'X', query: '', userId: ana.id }, 'userId'],
      [{ list: 'calls', name: 'X', query: '', createdAt: '2026-01-01T00:00:00Z' }, 'createdAt'],
    ];
    for (const [body, field] of cases) {
      const res = await ana.agent.post('/saved-views', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    // Exactly 2,000 characters is kept.
    const max = await ana.agent.post('/saved-views', { list: 'customers', name: 'Larga', query: 'q='.padEnd(2000, 'a') });
    expect(max.status, max.text).toBe(201);
    expect(max.body.query).toHaveLength(2000);
    expect((await ana.agent.get('/saved-views?list=nope')).body.errors[0].field).toBe('list');
    expect((await ana.agent.get('/saved-views?cursor=abc')).body.errors[0].field).toBe('cursor');
    expect((await rows()).length).toBe(before + 1);
  });

  it("only the owner sees, edits or deletes a view: another user's id is a 404 and changes nothing", async () => {
    const mine = await ana.agent.post('/saved-views', { list: 'activities', name: 'Mías', query: 'assignee=mine' });
    expect(mine.status).toBe(201);
    expect((await eva.agent.get('/saved-views?list=activities')).body.items).toEqual([]);
    expect((await eva.agent.get(`/saved-views/${mine.body.id}`)).status).toBe(404);
    expect((await eva.agent.patch(`/saved-views/${mine.body.id}`, { name: 'Robada' })).status).toBe(404);
    expect((await eva.agent.delete(`/saved-views/${mine.body.id}`)).status).toBe(404);
    // Not even an administrator reaches another user's view.
    expect((await t.admin.get(`/saved-views/${mine.body.id}`)).status).toBe(404);
    expect((await t.anonymous.get('/saved-views')).status).toBe(401);
    expect((await ana.agent.get(`/saved-views/${mine.body.id}`)).body).toMatchObject({ name: 'Mías', query: 'assignee=mine' });
  });

  it('pages through many views with the keyset cursor, none twice and none missing', async () => {
    const u = await t.userWithRole('agent');
    const names = Array.from({ length: 7 }, (_, i) => `Vista ${String.fromCharCode(71 - i)}`);
    for (const name of names) expect((await u.agent.post('/saved-views', { list: 'tasks', name, query: `q=${name}` })).status).toBe(201);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { items: Array<{ name: string }>; nextCursor: string | null } } = await u.agent.get(`/saved-views?list=tasks&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((v) => v.name));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...names].sort());
  });
});
