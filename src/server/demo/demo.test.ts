import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/harness.ts';
import { loadDemoCompany } from './demo.ts';

describe.each(DIALECTS)('demo company on %s', (dialect) => {
  let t: TestApp;
  let first: Awaited<ReturnType<typeof loadDemoCompany>>;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    first = await loadDemoCompany(t.database, t.config, { password: 'demo-password-1', today: '2026-11-20' });
  }, 180_000);
  afterAll(() => t.close());

  it('loads and reports what it created, with the demo password', () => {
    expect(first.loaded).toBe(true);
    expect(first.password).toBe('demo-password-1');
    expect(first.summary).toMatch(/usuarios/);
  });

  it('configures Spanish call statuses with the default pending and finished ones', async () => {
    const res = await t.admin.get('/catalogs/call-statuses');
    const byCode = Object.fromEntries(res.body.items.map((e: any) => [e.code, e]));
    expect(byCode.PE).toMatchObject({ descriptionEs: 'Pendiente', pending: true, defaultPending: true, defaultFinished: false });
    expect(byCode.FI).toMatchObject({ descriptionEs: 'Finalizada', pending: false, defaultFinished: true });
    expect(byCode.EC).toMatchObject({ descriptionEs: 'En curso', pending: true, defaultPending: false });
    const activity = await t.admin.get('/catalogs/activity-statuses');
    expect(activity.body.items.find((e: any) => e.isDefault)).toMatchObject({ code: 'HA', descriptionEs: 'Habitual', pending: true });
    const origins = await t.admin.get('/catalogs/origins');
    expect(origins.body.items.map((e: any) => e.code)).toEqual(expect.arrayContaining(['TE', 'EM', 'WE', 'VI']));
    const priorities = await t.admin.get('/catalogs/priorities');
    expect(priorities.body.items.find((e: any) => e.code === 'P1')).toMatchObject({ responseMinutes: 60, resolutionMinutes: 480 });
    const vat = await t.admin.get('/catalogs/vat-rates');
    expect(vat.body.items.map((e: any) => e.rate).sort()).toEqual([0, 1000, 2100, 400].sort());
    const specific = await t.admin.get('/catalogs/reason-codes?parentCode=CAL');
    expect(specific.body.items.length).toBeGreaterThanOrEqual(3);
    const regions = await t.admin.get('/catalogs/regions');
    expect(regions.body.items.map((e: any) => e.descriptionEs)).toEqual(expect.arrayContaining(['Comunidad de Madrid', 'Cataluña', 'Andalucía', 'Comunidad Valenciana', 'País Vasco']));
  });

  it('creates users with roles who can log in with the printed password, and their groups', async () => {
    const users = (await t.admin.get('/users')).body.items;
    const roles = new Set(users.map((u: any) => u.role));
    for (const role of ['supervisor', 'agent', 'technician', 'billing', 'readonly']) expect(roles.has(role), role).toBe(true);
    const supervisor = await t.login('lmartin', 'demo-password-1');
    expect((await supervisor.get('/auth/me')).body.user).toMatchObject({ username: 'lmartin', role: 'supervisor' });
    const groups = (await t.admin.get('/groups')).body.items;
    const tec = groups.find((g: any) => g.code === 'TEC');
    expect(tec.memberIds.length).toBe(users.filter((u: any) => u.role === 'technician').length);
    const rules = (await t.admin.get('/catalogs/assignment-rules')).body.items;
    expect(rules.length).toBeGreaterThanOrEqual(5);
    expect(users.map((u: any) => u.id)).toContain(rules[0].ownerUserId);
  });

  it('goes through the API with a token it revokes afterwards', async () => {
    const tokens = await t.database.db.selectFrom('api_tokens').selectAll().execute();
    expect(tokens).toHaveLength(1);
    expect(tokens[0].revoked_at).not.toBeNull();
    const audit = await t.database.db.selectFrom('audit_log').select('entity_type').where('entity_type', '=', 'user').where('action', '=', 'create').execute();
    expect(audit.length).toBeGreaterThanOrEqual(12);
  });
});
