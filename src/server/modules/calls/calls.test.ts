import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type Agent, type TestApp } from '../../../../test/harness.ts';
import { type Ctx, systemCtx, tx } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { type AppInstance, ctxOf } from '../../http.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { cifControlDigit } from '../customers/tax-id.ts';
import { apiModules } from '../index.ts';
import { finishCallFromAction } from './call-finishing.ts';
import { findCall, findCallDetail, inboxCounts, listNotes, listPostponements } from './calls.repository.ts';
import { foldInboxCounts, recountInbox } from './inbox-counts.ts';

/**
 * A test-only action standing in for activities, tasks, incidents…: it writes its own record
 * (an audit row) and calls finishCallFromAction inside its transaction, then fails on demand.
 */
async function testActionRoutes(app: AppInstance) {
  app.post(
    '/test-actions',
    { config: { permission: 'support.write' }, schema: { body: z.object({ fromCallId: z.string().optional(), fail: z.boolean().optional() }).strict() } },
    async (request, reply) => {
      const ctx = ctxOf(request);
      const id = Math.floor(Math.random() * 1e9);
      await tx(ctx, async (c) => {
        await recordAudit(c, { entityType: 'test_action', entityId: id, action: 'create' });
        await finishCallFromAction(c, request.body.fromCallId, { type: 'test_action', id });
        if (request.body.fail) throw new AppError('validation_failed', { errors: [{ field: 'fail', code: 'invalid' }] });
      });
      return reply.status(201).send({ id: String(id) });
    },
  );
}
apiModules.push(testActionRoutes);

const uid = () => randomBytes(4).toString('hex');

/** A valid Spanish CIF (B + 7 digits + control digit), different each time. */
function randomCif() {
  // The first two digits are a province code: 00 is none (~1 % of the draws failed validation).
  const digits = String(1_000_000 + Math.floor(Math.random() * 9e6));
  return `B${digits}${cifControlDigit(digits)}`;
}

async function makeCustomer(t: TestApp, opts: { taxId?: string; phones?: string[]; name?: string } = {}) {
  const name = opts.name ?? `Cliente ${uid()}`;
  const res = await t.admin.post('/customers', { code: `C${uid()}`, name, taxId: opts.taxId, phones: opts.phones ?? [] });
  if (res.status !== 201) throw new Error(`customer: ${res.text}`);
  return { id: res.body.id as string, name, taxId: res.body.taxId as string | null };
}

async function makeContact(t: TestApp, customerId: string, phones: string[] = []) {
  const res = await t.admin.post(`/customers/${customerId}/contacts`, { name: `Contacto ${uid()}`, phones, emails: [] });
  if (res.status !== 201) throw new Error(`contact: ${res.text}`);
  return res.body.id as string;
}

async function makeUnit(t: TestApp, customerId: string) {
  const item = await t.admin.post('/items', { code: `I${uid()}`, description: 'Impresora láser', kind: 'product', unitPriceCents: 19900, vatRate: 2100, warrantyMonths: 24, serialized: true });
  if (item.status !== 201) throw new Error(`item: ${item.text}`);
  const serial = `SN-${uid().toUpperCase()}`;
  const unit = await t.admin.post('/units', { serialNumber: serial, itemId: item.body.id, customerId, saleDate: '2026-01-10' });
  if (unit.status !== 201) throw new Error(`unit: ${unit.text}`);
  return { id: unit.body.id as string, serial };
}

const randomPhone = () => `9${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

describe.each(DIALECTS)('calls on %s', (dialect) => {
  let t: TestApp;
  let sup: { agent: Agent; id: string };
  let ana: { agent: Agent; id: string };
  let bob: { agent: Agent; id: string };
  let groupId: string;

  const countCalls = async () => Number((await t.database.db.selectFrom('calls').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const newCall = (agent: Agent, body: Record<string, unknown>) => agent.post('/calls', { toUserId: ana.id, ...body });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const a = t.admin;
    for (const s of [
      { code: 'PE', descriptionEs: 'Pendiente', descriptionEn: 'Pending', pending: true, defaultPending: true },
      { code: 'EC', descriptionEs: 'En curso', descriptionEn: 'In progress', pending: true },
      { code: 'FI', descriptionEs: 'Finalizada', descriptionEn: 'Finished', pending: false, defaultFinished: true },
      { code: 'AN', descriptionEs: 'Anulada', descriptionEn: 'Cancelled', pending: false },
    ]) expect((await a.post('/catalogs/call-statuses', s)).status).toBe(201);
    for (const s of [
      { code: 'AV', descriptionEs: 'Avería', descriptionEn: 'Breakdown', isDefault: true },
      { code: 'CO', descriptionEs: 'Consulta', descriptionEn: 'Question' },
      { code: 'FA', descriptionEs: 'Facturación', descriptionEn: 'Billing' },
    ]) expect((await a.post('/catalogs/call-types', s)).status).toBe(201);
    sup = await t.userWithRole('supervisor');
    ana = await t.userWithRole('agent', { name: 'Ana Agente' });
    bob = await t.userWithRole('agent', { name: 'Bob Técnico' });
    const g = await a.post('/groups', { code: `SAT${uid()}`, name: 'Servicio técnico', memberIds: [ana.id, bob.id] });
    groupId = g.body.id;
  });
  afterAll(() => t.close());

  describe('registration', () => {
    it('sets the registration stamps on the server, the default-pending status and the default type', async () => {
      const before = new Date().toISOString();
      const res = await newCall(t.admin, { phone: randomPhone(), description: 'Llama porque la impresora no arranca.\nDice que pita tres veces.' });
      const after = new Date().toISOString();
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        statusCode: 'PE',
        typeCode: 'AV',
        pending: true,
        postponed: false,
        registeredBy: t.adminId,
        finishedAt: null,
        finishedBy: null,
        toUserId: ana.id,
        toUserName: 'Ana Agente',
        toGroupId: null,
        notes: [],
        postponements: [],
      });
      expect(res.body.registeredAt >= before && res.body.registeredAt <= after).toBe(true);
      expect(res.body.description).toContain('pita tres veces');
    });

    it('refuses a call with no "from", naming the field, and saves nothing', async () => {
      const n = await countCalls();
      const res = await newCall(t.admin, { description: 'Sin datos de quién llama', phone: '  ' });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'from', code: 'call_from_required' })]);
      expect(res.body.errors[0].message).toMatch(/cliente, contacto, teléfono/);
      const en = await t.admin.withLanguage('en').post('/calls', { toUserId: ana.id });
      expect(en.body.errors[0].message).toMatch(/customer, contact, phone, tax id or serial number/);
      expect(await countCalls()).toBe(n);
    });

    it.each(['registeredAt', 'registeredBy', 'finishedAt', 'finishedBy', 'finishedByActionType', 'postponedUntil'])('refuses a client-sent %s and saves nothing', async (field) => {
      const n = await countCalls();
      const res = await newCall(t.admin, { phone: randomPhone(), [field]: field.endsWith('At') ? '2020-01-01T00:00:00Z' : '1' });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field, code: 'unknown_field' })]);
      expect(await countCalls()).toBe(n);
    });

    it('keeps the registration stamps when a client tries to change them', async () => {
      const created = (await newCall(t.admin, { phone: randomPhone() })).body;
      for (const body of [{ registeredAt: '2020-01-01T00:00:00Z' }, { registeredBy: sup.id }, { finishedAt: '2020-01-01T00:00:00Z', description: 'x' }]) {
        const res = await sup.agent.patch(`/calls/${created.id}`, body);
        expect(res.status).toBe(400);
      }
      const now = (await t.admin.get(`/calls/${created.id}`)).body;
      expect(now.registeredAt).toBe(created.registeredAt);
      expect(now.registeredBy).toBe(t.adminId);
      expect(now.description).toBe('');
      expect(now.finishedAt).toBeNull();
    });

    it('takes a status given by the user, and refuses an unknown or retired one', async () => {
      expect((await newCall(t.admin, { phone: randomPhone(), statusCode: 'EC' })).body.statusCode).toBe('EC');
      const bad = await newCall(t.admin, { phone: randomPhone(), statusCode: 'ZZ' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'statusCode', code: 'unknown_code' })]);
    });

    it('fills the customer from a phone, tax id or serial that identifies one', async () => {
      const phone = randomPhone();
      const cust = await makeCustomer(t, { taxId: randomCif(), phones: [phone] });
      const byPhone = await newCall(t.admin, { phone: `+34 ${phone.slice(0, 3)} ${phone.slice(3)}` });
      expect(byPhone.body).toMatchObject({ customerId: cust.id, customerName: cust.name, contactId: null });

      const byTax = await newCall(t.admin, { taxId: `${cust.taxId!.slice(0, 1).toLowerCase()}-${cust.taxId!.slice(1)}` });
      expect(byTax.body.customerId).toBe(cust.id);

      const unit = await makeUnit(t, cust.id);
      const bySerial = await newCall(t.admin, { serialNumber: unit.serial.toLowerCase(), description: 'La unidad no imprime' });
      expect(bySerial.body).toMatchObject({ customerId: cust.id, unitId: unit.id, serialNumber: unit.serial });

      const contactPhone = randomPhone();
      const contact = await makeContact(t, cust.id, [contactPhone]);
      const byContactPhone = await newCall(t.admin, { phone: contactPhone });
      expect(byContactPhone.body).toMatchObject({ customerId: cust.id, contactId: contact });

      const unknown = await newCall(t.admin, { phone: randomPhone() });
      expect(unknown.body.customerId).toBeNull();

      // what the new-call form shows while typing
      const who = await t.admin.get(`/calls/identify?serialNumber=${encodeURIComponent(unit.serial)}`);
      expect(who.body).toMatchObject({ customer: { id: cust.id, name: cust.name }, unit: { id: unit.id, serialNumber: unit.serial, itemDescription: 'Impresora láser' } });
      expect(who.body.pendingCalls).toBeGreaterThanOrEqual(4);
      expect((await t.admin.get(`/calls/identify?phone=${randomPhone()}`)).body.customer).toBeNull();

      // in the customer timeline and in the unit's history
      const timeline = (await t.admin.get(`/customers/${cust.id}/timeline?limit=10`)).body as { items: Array<{ type: string; id: string }> };
      expect(timeline.items.filter((e) => e.type === 'call').map((e) => e.id)).toEqual(
        expect.arrayContaining([byPhone.body.id, byTax.body.id, bySerial.body.id, byContactPhone.body.id]),
      );
      expect(timeline.items[0]).toMatchObject({ type: 'call', pending: true, title: expect.stringContaining('Llamada entrante') });
      const history = (await t.admin.get(`/units/${unit.id}/history`)).body as { items: Array<{ type: string }> };
      expect(history.items.filter((e) => e.type === 'call')).toEqual([
        expect.objectContaining({ type: 'call', id: bySerial.body.id, summary: 'La unidad no imprime', title: `Llamada entrante · ${unit.serial}` }),
      ]);
    });

    it('a contact must belong to the customer; a contact alone brings its customer', async () => {
      const c1 = await makeCustomer(t);
      const c2 = await makeCustomer(t);
      const contact = await makeContact(t, c1.id);
      const n = await countCalls();
      const wrong = await newCall(t.admin, { customerId: c2.id, contactId: contact });
      expect(wrong.status).toBe(400);
      expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'contactId', code: 'contact_not_of_customer' })]);
      const missing = await newCall(t.admin, { customerId: '999999' });
      expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'customerId', code: 'unknown_reference' })]);
      expect(await countCalls()).toBe(n);
      const ok = await newCall(t.admin, { contactId: contact });
      expect(ok.body).toMatchObject({ customerId: c1.id, contactId: contact, customerName: c1.name });
    });

    it('"to" is one user or one group, defaulting from preferences, as does the type', async () => {
      const u = await t.userWithRole('agent');
      const both = await u.agent.post('/calls', { phone: randomPhone(), toUserId: ana.id, toGroupId: groupId });
      expect(both.status).toBe(400);
      expect(both.body.errors).toEqual([expect.objectContaining({ field: 'toUserId', code: 'one_of_user_group' })]);
      const none = await u.agent.post('/calls', { phone: randomPhone() });
      expect(none.status).toBe(400);
      expect(none.body.errors).toEqual([expect.objectContaining({ field: 'toUserId', code: 'call_destination_required' })]);
      const ghost = await u.agent.post('/calls', { phone: randomPhone(), toGroupId: '99999' });
      expect(ghost.body.errors).toEqual([expect.objectContaining({ field: 'toGroupId', code: 'unknown_reference' })]);

      expect((await u.agent.patch('/me/preferences', { defaultToGroupId: groupId, defaultCallTypeCode: 'CO' })).status).toBe(200);
      const fromPrefs = await u.agent.post('/calls', { phone: randomPhone() });
      expect(fromPrefs.body).toMatchObject({ toGroupId: groupId, toGroupName: 'Servicio técnico', toUserId: null, typeCode: 'CO' });
      const given = await u.agent.post('/calls', { phone: randomPhone(), toUserId: bob.id, typeCode: 'FA' });
      expect(given.body).toMatchObject({ toUserId: bob.id, toGroupId: null, typeCode: 'FA' });

      await u.agent.patch('/me/preferences', { defaultToUserId: bob.id, defaultCallTypeCode: null });
      const toUser = await u.agent.post('/calls', { phone: randomPhone() });
      expect(toUser.body).toMatchObject({ toUserId: bob.id, toGroupId: null, typeCode: 'AV' });
    });

    it('answers with the call exactly as it reads back, also when several arrive at once', async () => {
      const phone = randomPhone();
      const cust = await makeCustomer(t, { phones: [randomPhone()] });
      const contact = await makeContact(t, cust.id, [phone]);
      const bodies = [
        { phone, toGroupId: groupId, toUserId: undefined, description: 'Por el contacto, al grupo' },
        { customerId: cust.id, description: 'Por el cliente' },
        { phone: randomPhone(), statusCode: 'EC', typeCode: 'FA' },
        { phone: randomPhone(), toUserId: '99999' },
      ];
      // Sent together: on SQLite they share one commit (group commit); the bad one fails alone.
      const answers = await Promise.all(bodies.map((b) => newCall(t.admin, b)));
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 400]);
      expect(answers[0].body).toMatchObject({ customerId: cust.id, customerName: cust.name, contactId: contact, contactName: expect.stringMatching(/^Contacto /), toGroupName: 'Servicio técnico', toUserId: null });
      expect(answers[0].body.customerCode).toMatch(/^C/);
      expect(answers[2].body).toMatchObject({ statusCode: 'EC', typeCode: 'FA', toUserName: 'Ana Agente' });
      for (const a of answers.slice(0, 3)) expect((await t.admin.get(`/calls/${a.body.id}`)).body).toEqual(a.body);
      expect(new Set(answers.slice(0, 3).map((a) => a.body.id)).size).toBe(3);
      const audit = await t.admin.get(`/audit?entityType=call&entityId=${answers[0].body.id}`);
      expect(audit.body.items).toEqual([
        expect.objectContaining({ action: 'create', userId: t.adminId, actor: 'admin', entityId: answers[0].body.id, changes: expect.objectContaining({ statusCode: 'PE', toGroupId: Number(groupId) }) }),
      ]);
      const byPhone = await t.admin.get(`/search?types=call&q=${encodeURIComponent(phone)}`);
      expect(byPhone.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'call', id: answers[0].body.id, customerId: cust.id, title: cust.name })]));
      const found = await t.admin.get(`/search?types=call&q=${encodeURIComponent('Por el contacto')}`);
      expect(found.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'call', id: answers[0].body.id })]));
    });

    it('a changed default type or status applies to the next call at once', async () => {
      expect((await newCall(t.admin, { phone: randomPhone() })).body.typeCode).toBe('AV');
      expect((await t.admin.patch('/catalogs/call-types/CO', { isDefault: true })).status).toBe(200);
      expect((await newCall(t.admin, { phone: randomPhone() })).body.typeCode).toBe('CO');
      expect((await t.admin.patch('/catalogs/call-types/AV', { isDefault: true })).status).toBe(200);
      expect((await newCall(t.admin, { phone: randomPhone() })).body.typeCode).toBe('AV');
      expect((await t.admin.patch('/catalogs/call-statuses/EC', { defaultPending: true })).status).toBe(200);
      expect((await newCall(t.admin, { phone: randomPhone() })).body.statusCode).toBe('EC');
      expect((await t.admin.patch('/catalogs/call-statuses/PE', { defaultPending: true })).status).toBe(200);
      expect((await newCall(t.admin, { phone: randomPhone() })).body.statusCode).toBe('PE');
    });

    it('only support roles register calls', async () => {
      const ro = await t.userWithRole('readonly');
      expect((await newCall(ro.agent, { phone: randomPhone() })).status).toBe(403);
      expect((await ro.agent.get('/calls')).status).toBe(200);
    });
  });

  describe('status, finish and notes', () => {
    it('changing the status by hand never finishes the call', async () => {
      const call = (await newCall(t.admin, { phone: randomPhone() })).body;
      const res = await ana.agent.patch(`/calls/${call.id}`, { statusCode: 'FI' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ statusCode: 'FI', pending: true, finishedAt: null });
      const now = await ana.agent.get('/calls?view=now&limit=200');
      expect(now.body.items.map((c: { id: string }) => c.id)).toContain(call.id);
      const pending = await ana.agent.get(`/calls?pending=true&toUserId=${ana.id}&limit=200`);
      expect(pending.body.items.map((c: { id: string }) => c.id)).toContain(call.id);
      const finished = await ana.agent.get('/calls?view=finished&limit=200');
      expect(finished.body.items.map((c: { id: string }) => c.id)).not.toContain(call.id);
    });

    it('PATCH changes type, description and destination, with the same rules as creation', async () => {
      const call = (await newCall(t.admin, { phone: randomPhone() })).body;
      const res = await ana.agent.patch(`/calls/${call.id}`, { typeCode: 'CO', description: 'Ampliado', toGroupId: groupId });
      expect(res.body).toMatchObject({ typeCode: 'CO', description: 'Ampliado', toGroupId: groupId, toUserId: null });
      expect((await ana.agent.patch(`/calls/${call.id}`, { toGroupId: null })).body.errors).toEqual([expect.objectContaining({ field: 'toUserId', code: 'call_destination_required' })]);
      expect((await ana.agent.patch(`/calls/${call.id}`, { toUserId: bob.id, toGroupId: groupId })).status).toBe(400);
      expect((await ana.agent.patch(`/calls/${call.id}`, { typeCode: 'QQ' })).body.errors[0]).toMatchObject({ field: 'typeCode', code: 'unknown_code' });
      const cust = await makeCustomer(t);
      expect((await ana.agent.patch(`/calls/${call.id}`, { customerId: cust.id })).body).toMatchObject({ customerId: cust.id, customerName: cust.name });
      const unchanged = (await ana.agent.get(`/calls/${call.id}`)).body;
      expect(unchanged).toMatchObject({ typeCode: 'CO', toGroupId: groupId, registeredAt: call.registeredAt });
      const audit = await t.admin.get(`/audit?entityType=call&entityId=${call.id}`);
      expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['create', 'update']));
    });

    it('finishes with the default-finished status and the stamps; a second finish is 409', async () => {
      const call = (await newCall(t.admin, { phone: randomPhone(), statusCode: 'EC' })).body;
      const res = await ana.agent.post(`/calls/${call.id}/finish`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ statusCode: 'FI', pending: false, finishedBy: ana.id, finishedByName: 'Ana Agente', finishedByActionType: null });
      expect(Date.now() - Date.parse(res.body.finishedAt)).toBeLessThan(10_000);
      const again = await ana.agent.post(`/calls/${call.id}/finish`);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('call_already_finished');
      const still = (await t.admin.get(`/calls/${call.id}`)).body;
      expect(still.finishedAt).toBe(res.body.finishedAt);
      expect(still.finishedBy).toBe(ana.id);
      // changing the status of a finished call does not make it pending again
      expect((await ana.agent.patch(`/calls/${call.id}`, { statusCode: 'PE' })).body).toMatchObject({ statusCode: 'PE', pending: false, finishedAt: res.body.finishedAt });
      expect((await ana.agent.post('/calls/999999/finish')).status).toBe(404);
    });

    it('finishing twice at the same moment finishes once', async () => {
      const call = (await newCall(t.admin, { phone: randomPhone() })).body;
      const results = await Promise.all([ana.agent.post(`/calls/${call.id}/finish`), bob.agent.post(`/calls/${call.id}/finish`)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    });

    it('refuses to finish while no status is flagged default finished, naming the table to configure; the call stays pending', async () => {
      const call = (await newCall(t.admin, { phone: randomPhone() })).body;
      expect((await t.admin.patch('/catalogs/call-statuses/FI', { defaultFinished: false })).status).toBe(200);
      try {
        const res = await ana.agent.post(`/calls/${call.id}/finish`);
        expect(res.status).toBe(409);
        expect(res.body.code).toBe('call_finished_status_missing');
        expect(res.body.detail).toContain('Situaciones de llamada');
        const en = await ana.agent.post(`/calls/${call.id}/finish`, undefined, { 'Accept-Language': 'en' });
        expect(en.body.detail).toContain('Call statuses');
        expect((await t.admin.get(`/calls/${call.id}`)).body).toMatchObject({ pending: true, finishedAt: null, statusCode: 'PE' });
      } finally {
        expect((await t.admin.patch('/catalogs/call-statuses/FI', { defaultFinished: true })).status).toBe(200);
      }
      expect((await ana.agent.post(`/calls/${call.id}/finish`)).body).toMatchObject({ statusCode: 'FI', pending: false });
    });

    it('appends notes stamped with date, time and user; they cannot be changed or removed', async () => {
      const call = (await newCall(t.admin, { phone: randomPhone() })).body;
      const n1 = await ana.agent.post(`/calls/${call.id}/notes`, { text: 'Le llamé, no contesta.' });
      expect(n1.status).toBe(201);
      expect(n1.body).toMatchObject({ callId: call.id, userId: ana.id, userName: 'Ana Agente', text: 'Le llamé, no contesta.' });
      expect(Date.now() - Date.parse(n1.body.at)).toBeLessThan(10_000);
      await bob.agent.post(`/calls/${call.id}/notes`, { text: 'Vuelve a llamar a las 17:00' });
      expect((await ana.agent.post(`/calls/${call.id}/notes`, { text: 'x', at: '2020-01-01T00:00:00Z' })).status).toBe(400);
      expect((await ana.agent.post(`/calls/${call.id}/notes`, { text: '   ' })).status).toBe(400);
      const detail = (await t.admin.get(`/calls/${call.id}`)).body;
      expect(detail.notes.map((n: { text: string; userId: string }) => [n.text, n.userId])).toEqual([
        ['Le llamé, no contesta.', ana.id],
        ['Vuelve a llamar a las 17:00', bob.id],
      ]);
      expect((await ana.agent.patch(`/calls/${call.id}/notes/${n1.body.id}`, { text: 'cambiada' })).status).toBe(404);
      expect((await ana.agent.delete(`/calls/${call.id}/notes/${n1.body.id}`)).status).toBe(404);
      expect((await ana.agent.post('/calls/999999/notes', { text: 'x' })).status).toBe(404);
    });
  });

  describe('finishing from an action (the shared mechanism)', () => {
    it('an action with fromCallId finishes the call in its transaction, recording which action', async () => {
      const call = (await newCall(t.admin, { phone: randomPhone() })).body;
      const res = await ana.agent.post('/test-actions', { fromCallId: call.id });
      expect(res.status).toBe(201);
      const after = (await t.admin.get(`/calls/${call.id}`)).body;
      expect(after).toMatchObject({ pending: false, statusCode: 'FI', finishedBy: ana.id, finishedByActionType: 'test_action', finishedByActionId: res.body.id });
      // a second action from the same call is refused and not saved
      const again = await ana.agent.post('/test-actions', { fromCallId: call.id });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('call_already_finished');
      const actions = await t.database.db.selectFrom('audit_log').select('id').where('entity_type', '=', 'test_action').where('user_id', '=', Number(ana.id)).execute();
      expect(actions).toHaveLength(1);
    });

    it('if the action fails, the call stays pending', async () => {
      const call = (await newCall(t.admin, { phone: randomPhone() })).body;
      const res = await bob.agent.post('/test-actions', { fromCallId: call.id, fail: true });
      expect(res.status).toBe(400);
      const after = (await t.admin.get(`/calls/${call.id}`)).body;
      expect(after).toMatchObject({ pending: true, finishedAt: null, statusCode: 'PE', finishedByActionType: null });
      const actions = await t.database.db.selectFrom('audit_log').select('id').where('entity_type', '=', 'test_action').where('user_id', '=', Number(bob.id)).execute();
      expect(actions).toHaveLength(0);
    });

    it('an action without fromCallId leaves calls alone; an unknown fromCallId is a 400 on that field', async () => {
      expect((await bob.agent.post('/test-actions', {})).status).toBe(201);
      const bad = await bob.agent.post('/test-actions', { fromCallId: '99999999' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'fromCallId', code: 'unknown_reference' })]);
      expect((await bob.agent.post('/test-actions', { fromCallId: 'abc' })).body.errors[0]).toMatchObject({ field: 'fromCallId', code: 'invalid_format' });
    });

    it('works directly through the service inside a transaction that commits or throws', async () => {
      const ok = (await newCall(t.admin, { phone: randomPhone() })).body;
      const failed = (await newCall(t.admin, { phone: randomPhone() })).body;
      const ctx: Ctx = { ...systemCtx(t.database, t.config), actor: { ...systemCtx(t.database, t.config).actor, userId: Number(sup.id), username: 'sup' } };
      const done = await tx(ctx, (c) => finishCallFromAction(c, ok.id, { type: 'task', id: 7 }));
      expect(done).toMatchObject({ pending: false, finishedByActionType: 'task', finishedByActionId: '7', finishedBy: sup.id });
      await expect(
        tx(ctx, async (c) => {
          await finishCallFromAction(c, failed.id, { type: 'incident', id: 8 });
          throw new Error('the incident could not be saved');
        }),
      ).rejects.toThrow('the incident could not be saved');
      expect((await t.admin.get(`/calls/${failed.id}`)).body).toMatchObject({ pending: true, finishedAt: null, finishedByActionType: null });
      expect(await tx(ctx, (c) => finishCallFromAction(c, null, { type: 'task', id: 9 }))).toBeNull();
    });
  });

  describe('postponement', () => {
    it('moves a call out of "pending now" until its time, to a new destination, keeping the history', async () => {
      const call = (await newCall(t.admin, { phone: randomPhone(), toUserId: bob.id })).body;
      const inNow = async (agent: Agent) => (await agent.get('/calls?view=now&limit=200')).body.items.some((c: { id: string }) => c.id === call.id);
      const inPostponed = async (agent: Agent) => (await agent.get('/calls?view=postponed&limit=200')).body.items.some((c: { id: string }) => c.id === call.id);
      expect(await inNow(bob.agent)).toBe(true);
      const countsBefore = (await ana.agent.get('/calls/counts')).body;

      const until = new Date(Date.now() + 3600_000).toISOString();
      const res = await bob.agent.post(`/calls/${call.id}/postpone`, { until, reason: 'El cliente no está hasta la tarde', toUserId: ana.id });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ postponed: true, pending: true, postponedUntil: until, toUserId: ana.id, postponeCount: 1 });
      expect(res.body.postponements).toEqual([
        expect.objectContaining({ until, reason: 'El cliente no está hasta la tarde', userId: bob.id, fromUserId: bob.id, toUserId: ana.id, toUserName: 'Ana Agente' }),
      ]);
      expect(await inNow(ana.agent)).toBe(false);
      expect(await inNow(bob.agent)).toBe(false);
      expect(await inPostponed(ana.agent)).toBe(true);
      const countsAfter = (await ana.agent.get('/calls/counts')).body;
      expect(countsAfter.postponed).toBe(countsBefore.postponed + 1);

      // postponed again, to a group and for a very short while: it comes back by itself
      const soon = new Date(Date.now() + 1200).toISOString();
      const second = await ana.agent.post(`/calls/${call.id}/postpone`, { until: soon, reason: 'Mejor a primera hora', toGroupId: groupId });
      expect(second.body).toMatchObject({ toGroupId: groupId, toUserId: null, postponeCount: 2 });
      expect(second.body.postponements).toHaveLength(2);
      expect(second.body.postponements[1]).toMatchObject({ fromUserId: ana.id, toGroupId: groupId, reason: 'Mejor a primera hora' });
      expect(await inNow(bob.agent)).toBe(false);
      await new Promise((r) => setTimeout(r, 1400));
      expect(await inNow(bob.agent)).toBe(true);
      expect(await inPostponed(bob.agent)).toBe(false);
      expect((await bob.agent.get(`/calls/${call.id}`)).body).toMatchObject({ postponed: false, pending: true, postponedUntil: soon });
    });

    it('refuses a past date, a missing reason or destination, and a finished call', async () => {
      const call = (await newCall(t.admin, { phone: randomPhone() })).body;
      const past = await ana.agent.post(`/calls/${call.id}/postpone`, { until: new Date(Date.now() - 60_000).toISOString(), reason: 'x', toUserId: ana.id });
      expect(past.status).toBe(400);
      expect(past.body.errors).toEqual([expect.objectContaining({ field: 'until', code: 'postpone_not_future' })]);
      const noReason = await ana.agent.post(`/calls/${call.id}/postpone`, { until: new Date(Date.now() + 60_000).toISOString(), toUserId: ana.id });
      expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'reason', code: 'required' })]);
      const noDest = await ana.agent.post(`/calls/${call.id}/postpone`, { until: new Date(Date.now() + 60_000).toISOString(), reason: 'x' });
      expect(noDest.body.errors).toEqual([expect.objectContaining({ field: 'toUserId', code: 'call_destination_required' })]);
      expect((await t.admin.get(`/calls/${call.id}`)).body.postponements).toEqual([]);

      await ana.agent.post(`/calls/${call.id}/finish`);
      const finished = await ana.agent.post(`/calls/${call.id}/postpone`, { until: new Date(Date.now() + 60_000).toISOString(), reason: 'x', toUserId: ana.id });
      expect(finished.status).toBe(409);
      expect(finished.body.code).toBe('call_finished_cannot_postpone');
    });

    it('the detail reads the call, its notes and its postponements in one statement, as read apart (ids, order, instants, nulls, text)', async () => {
      const call = (await newCall(t.admin, { phone: randomPhone(), toUserId: bob.id })).body;
      const empty = await findCallDetail(t.database.db, Number(call.id));
      expect(empty).toEqual({ call: await findCall(t.database.db, Number(call.id)), notes: [], postponements: [] });
      for (const text of ['Primera nota', 'Comillas " y \\ barra, línea\nnueva, ñ 😀', '{"no": "es json"}']) expect((await ana.agent.post(`/calls/${call.id}/notes`, { text })).status).toBe(201);
      expect((await bob.agent.post(`/calls/${call.id}/postpone`, { until: new Date(Date.now() + 3600_000).toISOString(), reason: 'Por la tarde', toGroupId: groupId })).status).toBe(200);
      expect((await ana.agent.post(`/calls/${call.id}/postpone`, { until: new Date(Date.now() + 7200_000).toISOString(), reason: 'Mañana', toUserId: ana.id })).status).toBe(200);
      const db = t.database.db;
      // A note without a user, and instants PostgreSQL keeps to the microsecond or the whole second.
      await db.insertInto('call_notes').values({ call_id: Number(call.id), at: '2026-01-02T03:04:05.000Z', user_id: null, text: 'Sin usuario' }).execute();
      if (dialect === 'postgres') {
        await db.updateTable('call_notes').set({ at: sql`at + interval '123 microseconds'` as never }).where('call_id', '=', Number(call.id)).where('user_id', 'is not', null).execute();
        await db.updateTable('call_postponements').set({ until: sql`date_trunc('second', until)` as never }).where('call_id', '=', Number(call.id)).execute();
      }
      const detail = await findCallDetail(db, Number(call.id));
      expect(detail!.notes).toHaveLength(4);
      expect(detail!.postponements).toHaveLength(2);
      expect(detail).toEqual({ call: await findCall(db, Number(call.id)), notes: await listNotes(db, Number(call.id)), postponements: await listPostponements(db, Number(call.id)) });
      expect(await findCallDetail(db, Number(call.id) + 1_000_000)).toBeUndefined();
    });

    it('a postponed call can still be finished', async () => {
      const call = (await newCall(t.admin, { phone: randomPhone() })).body;
      await ana.agent.post(`/calls/${call.id}/postpone`, { until: new Date(Date.now() + 60_000).toISOString(), reason: 'x', toUserId: ana.id });
      expect((await ana.agent.post(`/calls/${call.id}/finish`)).body).toMatchObject({ pending: false, postponed: false });
      const postponed = await ana.agent.get('/calls?view=postponed&limit=200');
      expect(postponed.body.items.map((c: { id: string }) => c.id)).not.toContain(call.id);
    });
  });

  describe('lists and counts', () => {
    it('"pending now" is mine and my groups\' calls; everyone\'s is for supervisors', async () => {
      const u = await t.userWithRole('agent');
      const g = (await t.admin.post('/groups', { code: `G${uid()}`, name: 'Grupo', memberIds: [u.id] })).body.id;
      const toMe = (await t.admin.post('/calls', { phone: randomPhone(), toUserId: u.id })).body;
      const toMyGroup = (await t.admin.post('/calls', { phone: randomPhone(), toGroupId: g })).body;
      const toOther = (await t.admin.post('/calls', { phone: randomPhone(), toUserId: bob.id })).body;
      const finished = (await t.admin.post('/calls', { phone: randomPhone(), toUserId: u.id })).body;
      await t.admin.post(`/calls/${finished.id}/finish`);

      const now = await u.agent.get('/calls?view=now');
      expect(now.body.items.map((c: { id: string }) => c.id)).toEqual([toMyGroup.id, toMe.id]);
      expect((await u.agent.get('/calls/counts')).body).toMatchObject({ pendingNow: 2, postponed: 0 });

      expect((await u.agent.get('/calls?view=now&mine=false')).status).toBe(403);
      const all = await sup.agent.get('/calls?view=now&mine=false&limit=200');
      expect(all.body.items.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([toMe.id, toMyGroup.id, toOther.id]));
      expect(all.body.items.map((c: { id: string }) => c.id)).not.toContain(finished.id);
      expect(all.body.items.every((c: { pending: boolean; postponed: boolean }) => c.pending && !c.postponed)).toBe(true);

      const fin = await u.agent.get(`/calls?view=finished&toUserId=${u.id}`);
      expect(fin.body.items.map((c: { id: string }) => c.id)).toEqual([finished.id]);
      const notPending = await u.agent.get(`/calls?pending=false&toUserId=${u.id}`);
      expect(notPending.body.items.map((c: { id: string }) => c.id)).toEqual([finished.id]);
      const allMine = await u.agent.get('/calls?view=all&mine=true');
      expect(allMine.body.items.map((c: { id: string }) => c.id)).toEqual([finished.id, toMyGroup.id, toMe.id]);
    });

    it('shows the current names of users and groups (read from the configuration cache) in pages, detail, notes and postponements, renamed at once', async () => {
      const u = await t.userWithRole('agent', { name: 'Uno Antes' });
      const g = (await t.admin.post('/groups', { code: `N${uid()}`, name: 'Grupo Antes', memberIds: [u.id] })).body.id;
      const toMe = (await t.admin.post('/calls', { phone: randomPhone(), toUserId: u.id })).body;
      const toGroup = (await t.admin.post('/calls', { phone: randomPhone(), toGroupId: g })).body;
      expect(toGroup).toMatchObject({ toGroupName: 'Grupo Antes', toUserName: null, registeredByName: expect.any(String) });
      await u.agent.post(`/calls/${toMe.id}/notes`, { text: 'Anotado' });
      await u.agent.post(`/calls/${toMe.id}/postpone`, { until: new Date(Date.now() + 3_600_000).toISOString(), reason: 'Más tarde', toGroupId: g });
      const done = (await t.admin.post('/calls', { phone: randomPhone(), toUserId: u.id })).body;
      expect((await u.agent.post(`/calls/${done.id}/finish`)).body).toMatchObject({ finishedByName: 'Uno Antes' });

      const names = (c: Record<string, unknown>) => [c.toUserName, c.toGroupName];
      const page = (await u.agent.get('/calls?view=all&mine=true')).body.items;
      expect(page.map(names)).toEqual([
        ['Uno Antes', null],
        [null, 'Grupo Antes'],
        [null, 'Grupo Antes'],
      ]);
      const registeredByName = (await u.agent.get(`/calls/${toMe.id}`)).body.registeredByName;
      expect((await t.admin.patch(`/users/${u.id}`, { name: 'Uno Después' })).status).toBe(200);
      expect((await t.admin.patch(`/groups/${g}`, { name: 'Grupo Después', memberIds: [u.id] })).status).toBe(200);
      const again = (await u.agent.get('/calls?view=all&mine=true')).body.items;
      expect(again.map(names)).toEqual([
        ['Uno Después', null],
        [null, 'Grupo Después'],
        [null, 'Grupo Después'],
      ]);
      expect((await u.agent.get(`/calls/${done.id}`)).body).toMatchObject({ finishedByName: 'Uno Después' });
      const detail = (await u.agent.get(`/calls/${toMe.id}`)).body;
      expect(detail).toMatchObject({ toUserName: null, toGroupName: 'Grupo Después', registeredByName });
      expect(detail.notes).toEqual([expect.objectContaining({ userId: u.id, userName: 'Uno Después', text: 'Anotado' })]);
      expect(detail.postponements).toEqual([
        expect.objectContaining({ userName: 'Uno Después', fromUserId: u.id, fromUserName: 'Uno Después', fromGroupName: null, toGroupId: g, toGroupName: 'Grupo Después' }),
      ]);
      // the same call as one page row and as the detail: a row carries what the lists show, each field as the detail has it
      const row = again.find((c: { id: string }) => c.id === toMe.id);
      expect(Object.keys(row)).toEqual(['id', 'statusCode', 'pending', 'postponed', 'customerId', 'customerName', 'contactName', 'unitId', 'phone', 'taxId', 'serialNumber', 'toUserId', 'toUserName', 'toGroupId', 'toGroupName', 'typeCode', 'priorityCode', 'description', 'registeredAt', 'finishedAt', 'postponedUntil']);
      expect(row).toEqual(Object.fromEntries(Object.keys(row).map((k) => [k, detail[k]])));
    });

    it('filters by type, destination, customer and dates (in the user\'s time zone)', async () => {
      const cust = await makeCustomer(t);
      const a = (await t.admin.post('/calls', { customerId: cust.id, toUserId: bob.id, typeCode: 'FA' })).body;
      const b = (await t.admin.post('/calls', { customerId: cust.id, toGroupId: groupId, typeCode: 'CO' })).body;
      const ids = (r: { body: { items: { id: string }[] } }) => r.body.items.map((c) => c.id);
      expect(ids(await t.admin.get(`/calls?customerId=${cust.id}`))).toEqual([b.id, a.id]);
      expect(ids(await t.admin.get(`/calls?customerId=${cust.id}&typeCode=FA`))).toEqual([a.id]);
      expect(ids(await t.admin.get(`/calls?customerId=${cust.id}&toGroupId=${groupId}`))).toEqual([b.id]);
      expect(ids(await t.admin.get(`/calls?customerId=${cust.id}&toUserId=${bob.id}`))).toEqual([a.id]);
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Madrid' }).format(new Date());
      const yesterday = new Date(Date.parse(`${today}T12:00:00Z`) - 86400_000).toISOString().slice(0, 10);
      const tomorrow = new Date(Date.parse(`${today}T12:00:00Z`) + 86400_000).toISOString().slice(0, 10);
      expect(ids(await t.admin.get(`/calls?customerId=${cust.id}&from=${today}&to=${today}`))).toEqual([b.id, a.id]);
      expect(ids(await t.admin.get(`/calls?customerId=${cust.id}&to=${yesterday}`))).toEqual([]);
      expect(ids(await t.admin.get(`/calls?customerId=${cust.id}&from=${tomorrow}`))).toEqual([]);
      const bad = await t.admin.get(`/calls?from=${today}&to=${yesterday}`);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'to', code: 'date_order' })]);
      expect((await t.admin.get('/calls?view=later')).status).toBe(400);
    });

    it('pages newest first with a stable cursor', async () => {
      const cust = await makeCustomer(t);
      const created: string[] = [];
      for (let i = 0; i < 5; i++) created.push((await t.admin.post('/calls', { customerId: cust.id, toUserId: bob.id })).body.id);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await t.admin.get(`/calls?customerId=${cust.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...res.body.items.map((c) => c.id));
        cursor = res.body.nextCursor;
        // a call registered meanwhile does not shift the pages
        if (seen.length === 2) await t.admin.post('/calls', { customerId: cust.id, toUserId: bob.id });
      } while (cursor);
      expect(seen).toEqual([...created].reverse());
      expect((await t.admin.get('/calls?cursor=garbage')).body.errors[0]).toMatchObject({ field: 'cursor', code: 'invalid_cursor' });
    });

    it('finds calls by description, phone, tax id and serial in /search and in the list', async () => {
      const word = `zq${uid()}`;
      const phone = randomPhone();
      const call = (await newCall(t.admin, { phone, taxId: `X${uid()}`.toUpperCase(), serialNumber: `SER-${uid()}`, description: `La caldera hace ${word} al encender` })).body;
      for (const q of [word, `${phone.slice(0, 3)} ${phone.slice(3, 6)} ${phone.slice(6)}`, call.taxId, call.serialNumber]) {
        const res = await t.admin.get(`/search?q=${encodeURIComponent(q)}`);
        expect(res.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'call', id: call.id })]));
      }
      const list = await t.admin.get(`/calls?q=${word}`);
      expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([call.id]);
      // a changed description is found under its new words
      const other = `yx${uid()}`;
      await t.admin.patch(`/calls/${call.id}`, { description: `Ahora ${other}` });
      expect((await t.admin.get(`/search?q=${other}`)).body.items.map((h: { id: string }) => h.id)).toContain(call.id);
    });
  });

  describe('reopening', () => {
    it('who finished a call may undo it at once; others may not; a supervisor may; each reopening is audited', async () => {
      const call = (await newCall(ana.agent, { phone: randomPhone(), toUserId: ana.id })).body;
      expect((await ana.agent.post(`/calls/${call.id}/reopen`)).status).toBe(409);
      expect((await ana.agent.post(`/calls/${call.id}/finish`)).body.statusCode).toBe('FI');

      const refused = await bob.agent.post(`/calls/${call.id}/reopen`);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('call_reopen_supervisors_only');
      expect((await t.admin.get(`/calls/${call.id}`)).body.pending).toBe(false);

      const undone = await ana.agent.post(`/calls/${call.id}/reopen`);
      expect(undone.status).toBe(200);
      expect(undone.body).toMatchObject({ pending: true, statusCode: 'PE', finishedAt: null, finishedBy: null });
      expect((await ana.agent.get('/calls?view=now')).body.items.map((c: { id: string }) => c.id)).toContain(call.id);

      await bob.agent.post(`/calls/${call.id}/finish`);
      expect((await ana.agent.post(`/calls/${call.id}/reopen`)).status).toBe(403);
      const bySupervisor = await sup.agent.post(`/calls/${call.id}/reopen`);
      expect(bySupervisor.status).toBe(200);
      expect(bySupervisor.body.pending).toBe(true);

      const audit = (await t.admin.get(`/audit?entityType=call&entityId=${call.id}`)).body.items as Array<{ action: string }>;
      expect(audit.filter((a) => a.action === 'reopen')).toHaveLength(2);
    });
  });

  describe('the badge counters (kept on write)', () => {
    /** What the counters must hold: the pending calls per destination, counted from the calls. */
    const truth = async () => {
      const rows = await t.database.db
        .selectFrom('calls')
        .select(['to_user_id', 'to_group_id', (eb) => eb.fn.countAll().as('n')])
        .where('finished_at', 'is', null)
        .groupBy(['to_user_id', 'to_group_id'])
        .execute();
      return rows.map((r) => ({ dest: r.to_user_id !== null ? `u:${r.to_user_id}` : `g:${r.to_group_id}`, pending: Number(r.n) })).sort((a, b) => (a.dest < b.dest ? -1 : 1));
    };
    const counters = () => inboxCounts(t.database.db);
    const expectCountersRight = async () => expect(await counters()).toEqual(await truth());

    it('follow registration, finishing, reopening, postponing, changes of destination, bulk actions and actions finishing a call', async () => {
      const u = await t.userWithRole('agent');
      const g = (await t.admin.post('/groups', { code: `B${uid()}`, name: 'Grupo badge', memberIds: [u.id] })).body.id as string;
      const badge = async () => (await u.agent.get('/calls/counts')).body as { pendingNow: number; postponed: number; allPendingNow: number | null };
      const a = (await t.admin.post('/calls', { phone: randomPhone(), toUserId: u.id })).body;
      const b = (await t.admin.post('/calls', { phone: randomPhone(), toGroupId: g })).body;
      const c = (await t.admin.post('/calls', { phone: randomPhone(), toUserId: bob.id })).body;
      expect(await badge()).toEqual({ pendingNow: 2, postponed: 0, allPendingNow: null });
      await expectCountersRight();

      expect((await u.agent.post(`/calls/${a.id}/finish`)).status).toBe(200);
      expect(await badge()).toMatchObject({ pendingNow: 1, postponed: 0 });
      expect((await u.agent.post(`/calls/${a.id}/reopen`)).status).toBe(200);
      expect(await badge()).toMatchObject({ pendingNow: 2, postponed: 0 });
      // postponed into the future, from the group to bob: out of u's badge altogether
      const until = new Date(Date.now() + 3_600_000).toISOString();
      expect((await u.agent.post(`/calls/${b.id}/postpone`, { until, reason: 'Mañana', toUserId: bob.id })).status).toBe(200);
      expect(await badge()).toMatchObject({ pendingNow: 1, postponed: 0 });
      // postponed to u's group: postponed, not due now
      expect((await bob.agent.post(`/calls/${b.id}/postpone`, { until, reason: 'Al grupo', toGroupId: g })).status).toBe(200);
      expect(await badge()).toMatchObject({ pendingNow: 1, postponed: 1 });
      expect((await t.admin.patch(`/calls/${c.id}`, { toUserId: u.id })).status).toBe(200);
      expect(await badge()).toMatchObject({ pendingNow: 2, postponed: 1 });
      await expectCountersRight();

      const moved = await u.agent.post('/calls/bulk-reassign', { ids: [a.id, c.id], toGroupId: g });
      expect(moved.status).toBe(200);
      expect(await badge()).toMatchObject({ pendingNow: 2, postponed: 1 });
      expect((await u.agent.post('/calls/bulk-reassign', { ids: [a.id], toUserId: bob.id })).status).toBe(200);
      expect(await badge()).toMatchObject({ pendingNow: 1, postponed: 1 });
      // a refused bulk changes no counter
      expect((await u.agent.post('/calls/bulk-finish', { ids: [c.id, '999999999'] })).status).toBe(409);
      expect(await badge()).toMatchObject({ pendingNow: 1, postponed: 1 });
      expect((await u.agent.post('/calls/bulk-finish', { ids: [b.id, c.id] })).status).toBe(200);
      expect(await badge()).toMatchObject({ pendingNow: 0, postponed: 0 });
      // an action finishing the call (in the action's transaction), and one that fails: rolled back with it
      const d = (await t.admin.post('/calls', { phone: randomPhone(), toUserId: u.id })).body;
      expect((await u.agent.post('/test-actions', { fromCallId: d.id, fail: true })).status).toBe(400);
      expect(await badge()).toMatchObject({ pendingNow: 1 });
      expect((await u.agent.post('/test-actions', { fromCallId: d.id })).status).toBe(201);
      expect(await badge()).toMatchObject({ pendingNow: 0 });
      await expectCountersRight();

      // a supervisor's "everyone due now" agrees with the list of everyone's calls
      const all = (await sup.agent.get('/calls/counts')).body.allPendingNow;
      let listed = 0;
      let cursor: string | null = null;
      do {
        const page: { body: { items: unknown[]; nextCursor: string | null } } = await sup.agent.get(`/calls?view=now&mine=false&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
        listed += page.body.items.length;
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(all).toBe(listed);
    });

    it('add up under concurrent registrations, finishes and reassignments', async () => {
      const u = await t.userWithRole('agent');
      const g = (await t.admin.post('/groups', { code: `K${uid()}`, name: 'Grupo concurrente', memberIds: [u.id] })).body.id as string;
      const first = await Promise.all(Array.from({ length: 12 }, () => t.admin.post('/calls', { phone: randomPhone(), toUserId: u.id })));
      expect(first.every((r) => r.status === 201)).toBe(true);
      const ids = first.map((r) => r.body.id as string);
      const results = await Promise.all([
        ...Array.from({ length: 12 }, (_, i) => t.admin.post('/calls', { phone: randomPhone(), ...(i % 2 ? { toUserId: u.id } : { toGroupId: g }) })),
        ...ids.slice(0, 4).map((id) => u.agent.post(`/calls/${id}/finish`)),
        ...ids.slice(4, 8).map((id) => t.admin.patch(`/calls/${id}`, { toGroupId: g })),
        u.agent.post('/calls/bulk-reassign', { ids: ids.slice(8, 10), toUserId: bob.id }),
        u.agent.post('/calls/bulk-finish', { ids: ids.slice(10, 12) }),
      ]);
      expect(results.map((r) => r.status).filter((s) => s >= 300)).toEqual([]);
      // 12 registered + 12 more (to u or its group), 4 + 2 finished, 2 sent to bob: 16 due now for u
      expect((await u.agent.get('/calls/counts')).body).toMatchObject({ pendingNow: 16, postponed: 0 });
      await expectCountersRight();
      // folded (two passes at once, as two processes would) into one row per destination, the same sums
      const rowsOf = async () => Number((await t.database.db.selectFrom('call_inbox_counts').select((eb) => eb.fn.countAll().as('n')).where('dest', '=', `u:${u.id}`).executeTakeFirstOrThrow()).n);
      expect(await rowsOf()).toBeGreaterThan(1);
      await Promise.all([foldInboxCounts(systemCtx(t.database, t.config)), foldInboxCounts(systemCtx(t.database, t.config))]);
      expect(await rowsOf()).toBe(1);
      await expectCountersRight();
      expect((await u.agent.get('/calls/counts')).body).toMatchObject({ pendingNow: 16, postponed: 0 });
    });

    it('are recomputed from the calls by `atiende calls recount` (recountInbox)', async () => {
      const u = await t.userWithRole('agent');
      await t.admin.post('/calls', { phone: randomPhone(), toUserId: u.id });
      await t.database.db.insertInto('call_inbox_counts').values({ dest: `u:${u.id}`, pending: 98 }).execute();
      expect((await u.agent.get('/calls/counts')).body.pendingNow).toBe(99);
      const pending = await recountInbox(systemCtx(t.database, t.config));
      expect(pending).toBe((await truth()).reduce((a, r) => a + r.pending, 0));
      expect((await u.agent.get('/calls/counts')).body.pendingNow).toBe(1);
      await expectCountersRight();
    });
  });

  describe('priority', () => {
    const P = `Q${uid().slice(0, 4)}`;
    const codes = { urgent: `${P}1`, high: `${P}2`, normal: `${P}3`, retired: `${P}0` };
    let u: { agent: Agent; id: string };
    beforeAll(async () => {
      for (const [code, sortOrder, extra] of [
        [codes.retired, 1, { active: false }],
        [codes.urgent, 10, {}],
        [codes.high, 20, {}],
        [codes.normal, 30, { isDefault: true }],
      ] as const) expect((await t.admin.post('/catalogs/priorities', { code, descriptionEs: `Prioridad ${code}`, descriptionEn: `Priority ${code}`, sortOrder, ...extra })).status).toBe(201);
      u = await t.userWithRole('agent');
    });

    it("takes the chosen priority, else the contract's (the unit's, else the most urgent in force), else the default", async () => {
      const a = t.admin;
      const cust = await makeCustomer(t);
      const contract = (await a.post('/contracts', { code: `K${uid()}`, customerId: cust.id, startDate: '2024-01-01', endDate: '2099-12-31', priorityCode: codes.high })).body;
      await a.post('/contracts', { code: `K${uid()}`, customerId: cust.id, startDate: '2024-01-01', endDate: '2099-12-31', priorityCode: codes.urgent });
      await a.post('/contracts', { code: `K${uid()}`, customerId: cust.id, startDate: '2020-01-01', endDate: '2021-12-31', priorityCode: codes.retired });
      const unit = await makeUnit(t, cust.id);
      expect((await a.patch(`/units/${unit.id}`, { contractId: contract.id })).status).toBe(200);

      expect((await newCall(a, { serialNumber: unit.serial })).body).toMatchObject({ customerId: cust.id, priorityCode: codes.high });
      expect((await newCall(a, { customerId: cust.id })).body.priorityCode).toBe(codes.urgent);
      expect((await newCall(a, { customerId: cust.id, priorityCode: codes.normal })).body.priorityCode).toBe(codes.normal);
      expect((await newCall(a, { phone: randomPhone() })).body.priorityCode).toBe(codes.normal);

      // A phone alone (the caller's reads in one statement): its customer's contracts in force, its
      // contact when it names one; a phone shared by two customers names none.
      const phone = randomPhone();
      expect((await a.patch(`/customers/${cust.id}`, { phones: [phone] })).status).toBe(200);
      expect((await newCall(a, { phone })).body).toMatchObject({ customerId: cust.id, customerCode: (await a.get(`/customers/${cust.id}`)).body.code, customerName: cust.name, contactId: null, priorityCode: codes.urgent });
      const contactPhone = randomPhone();
      const contactId = await makeContact(t, cust.id, [contactPhone]);
      const byContact = (await newCall(a, { phone: contactPhone })).body;
      expect(byContact).toMatchObject({ customerId: cust.id, contactId, priorityCode: codes.urgent });
      expect(byContact.contactName).toMatch(/^Contacto /);
      await makeContact(t, cust.id, [contactPhone]);
      expect((await newCall(a, { phone: contactPhone })).body).toMatchObject({ customerId: cust.id, contactId: null, contactName: null, priorityCode: codes.urgent });
      const other = await makeCustomer(t, { phones: [phone] });
      expect((await newCall(a, { phone })).body).toMatchObject({ customerId: null, customerName: null, contactId: null, priorityCode: codes.normal });
      expect(other.id).not.toBe(cust.id);

      const before = await countCalls();
      for (const bad of [codes.retired, 'NOPE']) {
        const res = await newCall(a, { customerId: cust.id, priorityCode: bad });
        expect(res.status).toBe(400);
        expect(res.body.errors).toEqual([expect.objectContaining({ field: 'priorityCode', code: 'unknown_code' })]);
      }
      expect(await countCalls()).toBe(before);
    });

    it('is changed by PATCH (an active code, or none), and the inbox sorts most urgent first, oldest first within a priority', async () => {
      const a = t.admin;
      const normal = (await newCall(a, { phone: randomPhone(), toUserId: u.id })).body;
      const urgentOld = (await newCall(a, { phone: randomPhone(), toUserId: u.id, priorityCode: codes.urgent })).body;
      const none = (await newCall(a, { phone: randomPhone(), toUserId: u.id, priorityCode: codes.high })).body;
      const urgentNew = (await newCall(a, { phone: randomPhone(), toUserId: u.id, priorityCode: codes.high })).body;

      const bad = await a.patch(`/calls/${urgentNew.id}`, { priorityCode: codes.retired });
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'priorityCode', code: 'unknown_code' })]);
      expect((await a.get(`/calls/${urgentNew.id}`)).body.priorityCode).toBe(codes.high);
      expect((await a.patch(`/calls/${urgentNew.id}`, { priorityCode: codes.urgent })).body.priorityCode).toBe(codes.urgent);
      expect((await a.patch(`/calls/${none.id}`, { priorityCode: null })).body.priorityCode).toBeNull();
      const audit = await a.get(`/audit?entityType=call&entityId=${none.id}`);
      expect(JSON.stringify(audit.body)).toContain(codes.high);

      const expected = [urgentOld.id, urgentNew.id, normal.id, none.id];
      const ids = (r: { body: { items: { id: string }[] } }) => r.body.items.map((c) => c.id);
      // "mine" (one index range per destination, merged) and one destination
      expect(ids(await u.agent.get('/calls?view=now&sort=priority'))).toEqual(expected);
      expect(ids(await a.get(`/calls?view=all&toUserId=${u.id}&sort=priority`))).toEqual(expected);
      expect(ids(await u.agent.get('/calls?view=now'))).toEqual([urgentNew.id, none.id, urgentOld.id, normal.id]);
      // pages of one keep the order; a cursor of the other order is refused
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await u.agent.get(`/calls?view=now&sort=priority&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...ids(res));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(expected);
      const newestCursor = (await u.agent.get('/calls?view=now&limit=1')).body.nextCursor;
      expect((await u.agent.get(`/calls?view=now&sort=priority&cursor=${newestCursor}`)).body.errors[0]).toMatchObject({ field: 'cursor', code: 'invalid_cursor' });
    });

    it('"mine" answers every view and order, page after page, as a plain filter of all calls would (one statement per page)', async () => {
      const a = t.admin;
      const v = await t.userWithRole('agent');
      const lone = await t.userWithRole('agent');
      const g1 = (await a.post('/groups', { code: `M${uid()}`, name: 'Bandeja uno', memberIds: [v.id] })).body.id;
      const g2 = (await a.post('/groups', { code: `M${uid()}`, name: 'Bandeja dos', memberIds: [v.id] })).body.id;
      const made: Array<{ id: string }> = [];
      for (const [to, priorityCode] of [
        [{ toUserId: v.id }, codes.urgent],
        [{ toGroupId: g1 }, codes.normal],
        [{ toUserId: v.id }, undefined],
        [{ toGroupId: g2 }, codes.urgent],
        [{ toUserId: bob.id }, codes.urgent],
        [{ toGroupId: g1 }, undefined],
        [{ toUserId: v.id }, codes.high],
        [{ toGroupId: g2 }, codes.high],
        [{ toGroupId: g1 }, codes.urgent],
        [{ toUserId: lone.id }, codes.high],
        [{ toUserId: lone.id }, undefined],
      ] as const) {
        const res = await a.post('/calls', { phone: randomPhone(), ...to, priorityCode: priorityCode ?? null });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        made.push(res.body);
      }
      for (const i of [2, 5]) expect((await a.post(`/calls/${made[i]!.id}/finish`)).status).toBe(200);
      const until = new Date(Date.now() + 3600_000).toISOString();
      expect((await a.post(`/calls/${made[3]!.id}/postpone`, { until, reason: 'Por la tarde', toGroupId: g2 })).status).toBe(200);
      expect((await a.post(`/calls/${made[6]!.id}/postpone`, { until, reason: 'Mañana', toGroupId: g1 })).status).toBe(200);

      const pages = async (agent: Agent, query: string, limit: number) => {
        const items: Array<Record<string, unknown>> = [];
        let cursor: string | null = null;
        for (let n = 0; n < 1000; n++) {
          const res: { status: number; body: { items: Array<Record<string, unknown>>; nextCursor: string | null } } = await agent.get(`/calls?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
          expect(res.status, query).toBe(200);
          items.push(...res.body.items);
          if (!(cursor = res.body.nextCursor)) return items;
        }
        throw new Error('too many pages');
      };
      for (const [who, isMine] of [
        [v, (c: any) => c.toUserId === v.id || c.toGroupId === g1 || c.toGroupId === g2],
        [lone, (c: any) => c.toUserId === lone.id],
      ] as const) {
        for (const view of ['now', 'postponed', 'finished', 'all']) {
          for (const sort of ['newest', 'priority']) {
            // Everyone's calls in that view and order (a supervisor's list: not "mine"), kept to mine.
            const expected = (await pages(sup.agent, `view=${view}&mine=false&sort=${sort}`, 200)).filter(isMine);
            const got = await pages(who.agent, `view=${view}&mine=true&sort=${sort}`, 2);
            expect(got, `${view} ${sort}`).toEqual(expected);
          }
        }
      }
      // What the data holds: each view has calls of mine to page through.
      expect((await pages(v.agent, 'view=now', 50)).map((c) => c.id)).toEqual([made[8]!.id, made[7]!.id, made[1]!.id, made[0]!.id]);
      expect((await pages(v.agent, 'view=postponed&sort=priority', 50)).map((c) => c.id)).toEqual([made[3]!.id, made[6]!.id]);
    });
  });
});

describe.each(DIALECTS)('calls without configuration on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('asks for the status when no default-pending status is configured, and saves nothing until given', async () => {
    await t.admin.post('/catalogs/call-statuses', { code: 'AB', descriptionEs: 'Abierta', descriptionEn: 'Open', pending: true });
    const refused = await t.admin.post('/calls', { phone: '912345678', toUserId: t.adminId });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'statusCode', code: 'call_status_required' })]);
    expect(refused.body.errors[0].message).toMatch(/Habitual pendiente/);
    expect((await t.admin.get('/calls')).body.items).toEqual([]);
    const ok = await t.admin.post('/calls', { phone: '912345678', toUserId: t.adminId, statusCode: 'AB' });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ statusCode: 'AB', typeCode: null });
    // With no finished status configured, finishing is refused (never a finished call in a pending
    // status); the message names the table to configure.
    const fin = await t.admin.post(`/calls/${ok.body.id}/finish`);
    expect(fin.status).toBe(409);
    expect(fin.body).toMatchObject({ code: 'call_finished_status_missing' });
    expect((await t.admin.get(`/calls/${ok.body.id}`)).body).toMatchObject({ pending: true, finishedAt: null, statusCode: 'AB' });
  });
});
