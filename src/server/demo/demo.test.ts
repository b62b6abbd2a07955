import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/harness.ts';
import { isValidTaxId } from '../modules/customers/tax-id.ts';
import { addDays, todayIn } from '../../shared/dates.ts';
import { DEMO_CUSTOMERS } from './demo-customers.ts';
import { loadDemoCompany } from './demo.ts';
import { DEMO_ACTIVITY_COUNTS } from './steps/activities.ts';
import { DEMO_CALL_COUNTS } from './steps/calls.ts';
import { DEMO_INCIDENT_COUNTS } from './steps/incidents.ts';
import { DEMO_PROJECT_COUNTS } from './steps/projects.ts';

describe.each(DIALECTS)('demo company on %s', (dialect) => {
  let t: TestApp;
  let first: Awaited<ReturnType<typeof loadDemoCompany>>;
  beforeAll(async () => {
    // As `atiende serve --demo` does it: on a migrated database, which has the starter configuration.
    t = await createTestApp(dialect, {}, { starterConfiguration: true });
    first = await loadDemoCompany(t.database, t.config, { password: 'demo-password-1', today: '2026-11-20' });
  }, 300_000);
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

  it('fills customers with valid tax ids, contacts, items, contracts and serialized units in and out of warranty', async () => {
    const customers = await t.admin.get('/customers?limit=200');
    expect(customers.body.items).toHaveLength(DEMO_CUSTOMERS.length + DEMO_INCIDENT_COUNTS.newCustomers);
    expect(customers.body.items.length).toBeGreaterThanOrEqual(40);
    for (const c of customers.body.items) expect(isValidTaxId(c.taxId), `${c.name} ${c.taxId}`).toBe(true);
    const hotel = customers.body.items.find((c: any) => c.code === 'HOTMIR');
    expect(hotel).toMatchObject({ name: 'Hotel Miramar Costa, S.A.', regionCode: 'AN', address: { city: 'Fuengirola', postalCode: '29640' } });
    expect((await t.admin.get(`/customers/${hotel.id}/contacts`)).body.items.length).toBe(2);
    expect((await t.admin.get('/contacts?limit=200')).body.items.length).toBeGreaterThanOrEqual(20);
    const items = (await t.admin.get('/items?limit=200')).body.items;
    expect(new Set(items.map((i: any) => i.kind))).toEqual(new Set(['product', 'supply', 'labour', 'service']));
    const units: any[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await t.admin.get(`/units?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      units.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(units.length).toBeGreaterThanOrEqual(120);
    const under = units.filter((u) => u.warranty.underWarranty).length;
    expect(under).toBeGreaterThan(20);
    expect(units.length - under).toBeGreaterThan(20);
    expect(units.filter((u) => u.contractId).length).toBeGreaterThan(20);
    const contracts = (await t.admin.get('/contracts?limit=200')).body.items;
    expect(contracts.length).toBeGreaterThanOrEqual(8);
    expect(contracts.some((c: any) => c.inForce)).toBe(true);
    expect(contracts.some((c: any) => !c.inForce)).toBe(true);
  });

  it('is found by phone typed another way, by name without accents and by serial', async () => {
    const byPhone = await t.admin.get(`/search?q=${encodeURIComponent('+34 952473110')}`);
    expect(byPhone.body.items[0]).toMatchObject({ type: 'customer', title: 'Hotel Miramar Costa, S.A.' });
    const byName = await t.admin.get(`/search?q=${encodeURIComponent('residencia senora paz')}`);
    expect(byName.body.items.map((h: any) => h.title)).toContain('Residencia de Mayores Nuestra Señora de la Paz');
    const unit = (await t.admin.get('/units?limit=1')).body.items[0];
    const bySerial = await t.admin.get(`/search?q=${encodeURIComponent(unit.serialNumber.toLowerCase())}`);
    expect(bySerial.body.items[0]).toMatchObject({ type: 'unit', id: unit.id });
  });

  it('has calls pending now for the demo agents and their groups, postponed with their history, and finished ones', async () => {
    const listed = (await t.admin.get('/calls?limit=200')).body.items as any[];
    // the calls step's, and the incidents step's (taken into an incident, or added to one)
    expect(listed).toHaveLength(DEMO_CALL_COUNTS.total + DEMO_INCIDENT_COUNTS.calls);
    expect(listed.length).toBeGreaterThanOrEqual(25);
    // the list rows carry what the lists show; who registered and finished a call, and how, is on its detail
    const all = await Promise.all(listed.map(async (c) => (await t.admin.get(`/calls/${c.id}`)).body));
    const finished = all.filter((c: any) => !c.pending);
    expect(finished).toHaveLength(DEMO_CALL_COUNTS.finished + DEMO_INCIDENT_COUNTS.calls);
    expect(finished.filter((c: any) => c.finishedByActionType).length).toBeGreaterThanOrEqual(5);
    expect(new Set(finished.map((c: any) => c.finishedByActionType).filter(Boolean))).toEqual(new Set(['activity', 'task', 'time_entry', 'commercial_activity', 'incident']));
    const postponed = all.filter((c: any) => c.postponed);
    expect(postponed).toHaveLength(DEMO_CALL_COUNTS.postponed);
    expect(postponed.some((c: any) => c.postponeCount === 2)).toBe(true);
    // registered by the demo agents themselves, not by the loader
    expect(new Set(all.map((c: any) => c.registeredByName))).toContain('Ana García López');
    const agent = await t.login('agarcia', 'demo-password-1');
    const counts = (await agent.get('/calls/counts')).body;
    expect(counts.pendingNow).toBeGreaterThanOrEqual(4);
    const withNotes = await t.admin.get(`/calls/${all.find((c: any) => c.customerName?.startsWith('Panader'))?.id ?? all[0].id}`);
    expect(withNotes.body.notes.length + withNotes.body.postponements.length).toBeGreaterThan(0);
    const supervisor = await t.login('lmartin', 'demo-password-1');
    expect((await supervisor.get('/calls/counts')).body.allPendingNow).toBe(all.filter((c: any) => c.pending && !c.postponed).length);
  });

  it('has technical and commercial activities, automatic actions, tasks, time, call-backs and notices', async () => {
    const activities = (await t.admin.get('/activities?limit=200')).body.items;
    // the ones registered directly, plus those created from calls
    expect(activities.length).toBeGreaterThanOrEqual(DEMO_ACTIVITY_COUNTS.activities);
    expect(activities.length).toBeGreaterThanOrEqual(40);
    expect(activities.some((a: any) => a.pending)).toBe(true);
    expect(activities.some((a: any) => !a.pending)).toBe(true);
    expect(new Set(activities.map((a: any) => a.originCode)).size).toBeGreaterThanOrEqual(4);
    const kinds = new Set(activities.filter((a: any) => a.automaticAction?.status === 'done').map((a: any) => a.automaticAction.kind));
    for (const kind of ['schedule_callback', 'create_task', 'notify_user', 'email_customer']) expect(kinds.has(kind), kind).toBe(true);
    const commercial = (await t.admin.get('/commercial-activities?limit=200')).body.items;
    expect(commercial.length).toBeGreaterThanOrEqual(DEMO_ACTIVITY_COUNTS.commercial);
    expect(new Set(commercial.map((c: any) => c.date)).size).toBeGreaterThan(5);
    const tasks = (await t.admin.get('/tasks?limit=200')).body.items;
    expect(tasks.length).toBeGreaterThanOrEqual(DEMO_PROJECT_COUNTS.tasks);
    expect(tasks.filter((x: any) => x.status === 'done').length).toBeGreaterThanOrEqual(DEMO_PROJECT_COUNTS.doneTasks);
    expect(tasks.some((x: any) => x.status === 'pending' && x.dueDate && x.dueDate < '2026-11-20')).toBe(true);
    const entries = (await t.admin.get('/time-entries?limit=200')).body.items;
    expect(entries.length).toBeGreaterThanOrEqual(DEMO_PROJECT_COUNTS.timeEntries);
    expect(new Set(entries.map((e: any) => e.date)).size).toBeGreaterThan(10);
    expect(new Set(entries.map((e: any) => e.customerId)).size).toBeGreaterThanOrEqual(15);
    const events = (await t.admin.get('/customer-events?limit=200')).body.items;
    expect(events.filter((e: any) => e.kind === 'callback').length).toBeGreaterThanOrEqual(DEMO_ACTIVITY_COUNTS.callbacks);
    const agent = await t.login('agarcia', 'demo-password-1');
    const notices = (await agent.get('/notices/unread-count')).body;
    expect(notices.unreadCount).toBeGreaterThan(0);
    const agenda = (await agent.get('/me/agenda')).body;
    expect(JSON.stringify(agenda).length).toBeGreaterThan(50);
  });

  it('does nothing the second time (the database already has customers)', async () => {
    const before = (await t.admin.get('/customers?limit=200')).body.items.length;
    const again = await loadDemoCompany(t.database, t.config, { password: 'other' });
    expect(again).toEqual({ loaded: false, summary: '', password: '' });
    expect((await t.admin.get('/customers?limit=200')).body.items.length).toBe(before);
    expect(await t.database.db.selectFrom('api_tokens').select('id').execute()).toHaveLength(1);
  });

  it('goes through the API with a token it revokes afterwards', async () => {
    const tokens = await t.database.db.selectFrom('api_tokens').selectAll().execute();
    expect(tokens).toHaveLength(1);
    expect(tokens[0].revoked_at).not.toBeNull();
    const audit = await t.database.db.selectFrom('audit_log').select('entity_type').where('entity_type', '=', 'user').where('action', '=', 'create').execute();
    expect(audit.length).toBeGreaterThanOrEqual(12);
  });

  it('has invoices paid, partly paid, overdue, in instalments, and a full credit note in its own series, issued over past weeks', async () => {
    const items = (await t.admin.get('/invoices?limit=50')).body.items as Array<{ id: string; status: string; number: string; issueDate: string; rectifiesNumber: string | null }>;
    const statuses = items.map((i) => i.status);
    for (const s of ['paid', 'partially_paid', 'unpaid', 'overdue', 'rectifying', 'cancelled']) expect(statuses, s).toContain(s);
    expect(items.find((i) => i.status === 'rectifying')?.number).toMatch(/^R\d{4}-000001$/);
    // Issued "as of" 65 days ago by the demo loader's clock: the date, the record's instant, the number order.
    const today = todayIn('Europe/Madrid');
    const overdue = items.find((i) => i.status === 'overdue')!;
    expect(overdue.issueDate <= addDays(today, -45) && overdue.issueDate >= addDays(today, -90), overdue.issueDate).toBe(true);
    const detail = (await t.admin.get(`/invoices/${overdue.id}`)).body;
    expect(detail.instalments[0]).toMatchObject({ overdue: true, paidCents: 0 });
    const records = (await t.admin.get('/verifactu/records?limit=50')).body.items as Array<{ seq: number; generatedAt: string }>;
    const chained = [...records].sort((a, b) => a.seq - b.seq);
    expect(chained.map((r) => Date.parse(r.generatedAt))).toEqual(chained.map((r) => Date.parse(r.generatedAt)).sort((a, b) => a - b));
    expect(Date.parse(chained[0].generatedAt)).toBeLessThan(Date.now() - 45 * 86_400_000);
    // The first issued is number 1 of its series and year; the one of today comes after the back-dated ones.
    const byNumber = items.filter((i) => i.number.startsWith('F')).sort((a, b) => a.number.localeCompare(b.number));
    expect(byNumber.map((i) => i.issueDate)).toEqual(byNumber.map((i) => i.issueDate).sort());
    expect((await t.admin.post('/verifactu/verify', {})).body.records).toMatchObject({ ok: true, checked: 8 }); // six invoices, the credit note, and the closed billable incident's
  });

  it('has incidents in every stage, under warranty, contract and neither, with events, supplies, a delegation, a pause and an invoice', async () => {
    expect(first.summary).toContain(`${DEMO_INCIDENT_COUNTS.total} incidencias (`);
    expect(first.summary).toContain('1 facturada al cerrar');
    const listed = (await t.admin.get('/incidents?limit=200')).body.items as any[];
    // the incidents step's, the SLA step's four, and those the activities' automatic action created
    expect(listed.length).toBeGreaterThanOrEqual(DEMO_INCIDENT_COUNTS.total + 4);
    // the list rows carry what the lists show; the whole incident (coverage, invoice…) is the detail
    const all = await Promise.all(listed.map(async (i) => (await t.admin.get(`/incidents/${i.id}`)).body));
    const stages = new Set(all.map((i) => i.stage));
    for (const stage of ['open', 'diagnosed', 'resolved', 'closed']) expect(stages, stage).toContain(stage);
    expect(new Set(all.map((i) => i.caseType))).toEqual(new Set(['warranty', 'courtesy', 'billable']));
    expect(all.some((i) => i.warranty.underWarranty)).toBe(true);
    expect(all.some((i) => i.warranty.underContract && !i.warranty.underWarranty)).toBe(true);
    expect(all.some((i) => i.unitId && !i.warranty.underWarranty && !i.warranty.underContract)).toBe(true);
    expect(all.some((i) => i.ownerGroupId)).toBe(true);
    expect(all.filter((i) => i.statusCode === 'EC').length).toBeGreaterThanOrEqual(2);
    const billed = all.filter((i) => i.stage === 'closed' && i.caseType === 'billable');
    expect(billed.length).toBeGreaterThanOrEqual(1);
    expect(billed.every((i) => i.invoiceId)).toBe(true);
    expect(all.filter((i) => i.stage === 'closed' && i.caseType !== 'billable').every((i) => !i.invoiceId)).toBe(true);

    const reopened = all.filter((d) => d.changes.some((c: any) => c.kind === 'reopen'));
    expect(reopened.length).toBe(1);
    expect(reopened[0].stage).not.toBe('closed');
    expect(all.some((d) => d.changes.some((c: any) => c.kind === 'owner' && c.to?.startsWith('group:')))).toBe(true);
    const events = all.flatMap((d) => d.events);
    for (const type of ['LLE', 'LLS', 'EMR', 'EME', 'DES', 'NOT']) expect(events.map((e: any) => e.typeCode), type).toContain(type);
    expect(events.some((e: any) => e.fromCallId)).toBe(true);
    expect(all.filter((d) => d.firstResponseAt).length).toBeGreaterThanOrEqual(6);
    const supplies = all.flatMap((d) => d.supplies);
    expect(new Set(supplies.map((s: any) => s.itemKind))).toEqual(new Set(['supply', 'labour']));
    // the SLA clocks: the one waiting for the customer is paused, registered by the demo agents
    const paused = (await t.admin.get('/incidents/sla?view=paused')).body.items;
    expect(paused.length).toBeGreaterThanOrEqual(2);
    expect(new Set(all.map((i) => i.registeredByName))).toContain('Marta López Sánchez');
    const customer = (await t.admin.get(`/search?q=${encodeURIComponent('bar restaurante el olivo')}`)).body.items;
    expect(customer.map((h: any) => h.type)).toContain('customer');
  });

  it('runs its incidents on the demo clock: a believable SLA history, cases at risk and paused, none stamped in the future', async () => {
    const today = todayIn('Europe/Madrid');
    const report = await t.admin.get(`/reports/incident-times?from=${addDays(today, -45)}&to=${today}`);
    expect(report.status).toBe(200);
    const figure = (key: string) => report.body.figures.find((f: any) => f.key === key)?.value as number;
    // Most met, a few missed (basis points): neither the 0 % of clocks stamped at load time nor a perfect record.
    for (const key of ['responseCompliance', 'resolutionCompliance']) {
      expect(figure(key), key).toBeGreaterThanOrEqual(6000);
      expect(figure(key), key).toBeLessThanOrEqual(9500);
    }
    const dashboard = (await t.admin.get('/reports/dashboard')).body;
    expect(dashboard.compliance.lastWeek.incidents).toBeGreaterThan(0);
    expect((await t.admin.get('/incidents/sla?view=at-risk')).body.items.length).toBeGreaterThan(0);
    expect((await t.admin.get('/incidents/sla?view=paused')).body.items.length).toBeGreaterThan(0);
    // Closed over the last weeks, each stamp at its own instant: registered after received, resolved after that.
    const listed = (await t.admin.get('/incidents?limit=200')).body.items as any[];
    const all = await Promise.all(listed.map(async (i) => (await t.admin.get(`/incidents/${i.id}`)).body));
    const closed = all.filter((i) => i.stage === 'closed');
    expect(closed.length).toBeGreaterThanOrEqual(12);
    expect(Math.min(...closed.map((i) => Date.parse(i.closedAt)))).toBeLessThan(Date.now() - 21 * 86_400_000);
    for (const i of all) {
      expect(Date.parse(i.registeredAt)).toBeGreaterThanOrEqual(Date.parse(i.receivedAt));
      expect(Date.parse(i.registeredAt)).toBeLessThanOrEqual(Date.now());
      if (i.resolvedAt) expect(Date.parse(i.resolvedAt)).toBeGreaterThan(Date.parse(i.registeredAt));
    }
  });
});
