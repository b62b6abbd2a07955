import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../../test/harness.ts';
import { AppError } from '../../errors.ts';
import { type IncidentSnapshot, registerIncidentHooks } from '../incident-hooks.ts';
import { catalogEntry, incidentCatalogs, makeCall, makeContract, makeCustomer, makeIncident, makeItem, makeUnit, uid } from './incidents.fixtures.ts';
import { COMPANY } from '../billing/billing.fixtures.ts';
import { pdfText } from '../../../../test/pdf.ts';
import { similarCandidates } from './incidents.repository.ts';

/** Query string of a GET. */
const qs = (p: Record<string, string | number | undefined>) => `?${new URLSearchParams(Object.entries(p).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]))}`;

describe.each(DIALECTS)('incidents on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await incidentCatalogs(t);
  });
  afterAll(() => t.close());

  describe('intake', () => {
    it('identifies the unit by its serial however typed, copies warranty as of the received date and defaults the case type', async () => {
      const customer = await makeCustomer(t);
      const unit = await makeUnit(t, { customerId: customer.id, saleDate: '2025-01-10', warrantyEnd: '2026-06-30' });
      const typed = unit.serialNumber.toLowerCase().replace('-', ' ');
      const inWarranty = await makeIncident(t, { serialNumber: typed, receivedAt: '2026-06-15T09:00:00Z' });
      expect(inWarranty).toMatchObject({ customerId: customer.id, unitId: unit.id, itemId: unit.itemId, serialNumber: unit.serialNumber, caseType: 'warranty', stage: 'open', statusCode: 'AB', priorityCode: 'NOR' });
      expect(inWarranty.warranty).toMatchObject({ underWarranty: true, warrantyEnd: '2026-06-30', underContract: false, contractId: null });
      expect(inWarranty.number).toMatch(/^INC-2026-\d{6}$/);
      expect(inWarranty.registeredBy).toBe(t.adminId);

      // Received after the warranty ended: billable.
      const late = await makeIncident(t, { serialNumber: unit.serialNumber, receivedAt: '2026-07-02T09:00:00Z' });
      expect(late.warranty.underWarranty).toBe(false);
      expect(late.caseType).toBe('billable');

      // A later change of the unit does not rewrite the old incident.
      expect((await t.admin.patch(`/units/${unit.id}`, { warrantyEnd: '2025-12-31' })).status).toBe(200);
      const again = await t.admin.get(`/incidents/${inWarranty.id}`);
      expect(again.body.warranty).toMatchObject({ underWarranty: true, warrantyEnd: '2026-06-30' });
      expect(again.body.caseType).toBe('warranty');
    });

    it('copies the contract covering the unit on the received date, and its priority', async () => {
      const customer = await makeCustomer(t);
      const contract = await makeContract(t, customer.id, '2026-01-01', '2026-03-31', { priorityCode: 'URG' });
      const unit = await makeUnit(t, { customerId: customer.id, saleDate: '2020-01-10', warrantyEnd: '2021-01-10', contractId: contract.id });
      const covered = await makeIncident(t, { unitId: unit.id, receivedAt: '2026-02-10T10:00:00Z' });
      expect(covered.warranty).toMatchObject({ underWarranty: false, underContract: true, contractId: contract.id, contractCode: contract.code, contractEnd: '2026-03-31' });
      expect(covered.caseType).toBe('warranty');
      expect(covered.priorityCode).toBe('URG');
      const after = await makeIncident(t, { unitId: unit.id, receivedAt: '2026-04-10T10:00:00Z' });
      expect(after.warranty).toMatchObject({ underContract: false, contractId: null });
      expect(after.caseType).toBe('billable');
      expect(after.priorityCode).toBe('NOR');
      // The user may choose another case type; the change is in the history.
      const changed = await t.admin.patch(`/incidents/${after.id}`, { caseType: 'courtesy' });
      expect(changed.status).toBe(200);
      expect(changed.body.caseType).toBe('courtesy');
      expect(changed.body.changes.find((c: any) => c.kind === 'case_type')).toMatchObject({ from: 'billable', to: 'courtesy' });
    });

    it('creates a new customer on the spot in the same transaction, and nothing when the intake is refused', async () => {
      const name = `Nuevo ${uid()}`;
      const res = await t.admin.post('/incidents', { newCustomer: { name, phone: '612 345 678' }, symptom: 'No enciende', contactName: 'Ana', contactPhone: '612345678' });
      expect(res.status).toBe(201);
      const customer = await t.admin.get(`/customers/${res.body.customerId}`);
      expect(customer.body).toMatchObject({ name });
      expect(customer.body.code).toBe(`C-${res.body.number.slice(4)}`);
      expect(res.body).toMatchObject({ contactName: 'Ana', contactPhone: '612345678', caseType: 'billable' });

      const badTax = await t.admin.post('/incidents', { newCustomer: { name: `Otro ${uid()}`, email: 'x@example.com', taxId: 'B12345678' }, symptom: 'x' });
      expect(badTax.status).toBe(400);
      expect(badTax.body.errors[0]).toMatchObject({ field: 'newCustomer.taxId', code: 'invalid_tax_id' });
      const noContact = await t.admin.post('/incidents', { newCustomer: { name: 'Sin datos' }, symptom: 'x' });
      expect(noContact.status).toBe(400);
      expect(noContact.body.errors[0]).toMatchObject({ field: 'newCustomer.phone', code: 'new_customer_contact_required' });
      // A refusal inside the transaction (unknown call) leaves no customer behind.
      const failName = `Fallido ${uid()}`;
      const refused = await t.admin.post('/incidents', { newCustomer: { name: failName, email: 'f@example.com' }, symptom: 'x', fromCallId: '999999' });
      expect(refused.status).toBe(400);
      const found = await t.admin.get('/customers' + qs({ q: failName }));
      expect(found.body.items).toHaveLength(0);
    });

    it('refuses bad input naming the field', async () => {
      const customer = await makeCustomer(t);
      const other = await makeCustomer(t);
      const unit = await makeUnit(t, { customerId: other.id });
      const cases: Array<[Record<string, unknown>, string, string]> = [
        [{ customerId: customer.id, receivedAt: '2099-01-01T00:00:00Z' }, 'receivedAt', 'received_in_future'],
        [{}, 'customerId', 'incident_customer_required'],
        [{ serialNumber: 'NO-SUCH-SERIAL' }, 'serialNumber', 'unknown_serial'],
        [{ customerId: customer.id, unitId: unit.id }, 'unitId', 'unit_not_of_customer'],
        [{ customerId: customer.id, statusCode: 'ZZ' }, 'statusCode', 'unknown_code'],
        [{ customerId: customer.id, reasonCode: 'ALI', specificReasonCode: 'IMP-ATS' }, 'specificReasonCode', 'specific_not_of_general'],
        [{ customerId: customer.id, reasonCode: 'IMP-ATS' }, 'reasonCode', 'general_code_expected'],
        [{ customerId: customer.id, ownerUserId: t.adminId, ownerGroupId: '1' }, 'ownerUserId', 'one_of_user_group'],
        [{ customerId: customer.id, registeredBy: '1' }, 'registeredBy', 'unknown_field'],
        [{ customerId: customer.id, number: 'INC-2026-000001' }, 'number', 'unknown_field'],
      ];
      for (const [body, field, code] of cases) {
        const res = await t.admin.post('/incidents', { symptom: 'x', ...body });
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body.errors.map((e: any) => [e.field, e.code])).toContainEqual([field, code]);
      }
      // A specific reason alone brings its general one.
      const ok = await makeIncident(t, { customerId: customer.id, specificReasonCode: 'IMP-ATS' });
      expect(ok).toMatchObject({ reasonCode: 'IMP', specificReasonCode: 'IMP-ATS' });
    });

    it('reads the unit by id or serial once with its item, customer and contract: the same answers and errors for every combination', async () => {
      const unitType = uid().slice(0, 6);
      await catalogEntry(t, 'unit-types', { code: unitType });
      const region = `Q${unitType.slice(0, 4)}`;
      await catalogEntry(t, 'regions', { code: region });
      const item = await makeItem(t, { unitTypeCode: unitType });
      const customer = await makeCustomer(t, { regionCode: region });
      const contract = await makeContract(t, customer.id, '2026-01-01', '2026-12-31', { priorityCode: 'URG' });
      const unit = await makeUnit(t, { customerId: customer.id, itemId: item.id, saleDate: '2020-01-10', warrantyEnd: '2021-01-10', contractId: contract.id });
      const errorsOf = async (body: Record<string, unknown>) => {
        const res = await t.admin.post('/incidents', { symptom: 'x', ...body });
        expect(res.status, JSON.stringify(body)).toBe(400);
        return res.body.errors.map((e: any) => [e.field, e.code]);
      };
      // An unknown unit id: the item is not checked; an unknown serial: it is.
      expect(await errorsOf({ unitId: '999999999', itemId: '999999998' })).toEqual([['unitId', 'unknown_reference'], ['customerId', 'incident_customer_required']]);
      expect(await errorsOf({ serialNumber: 'NO-SUCH-SERIAL', itemId: '999999998' })).toEqual([['serialNumber', 'unknown_serial'], ['itemId', 'unknown_reference'], ['customerId', 'incident_customer_required']]);
      expect(await errorsOf({ customerId: customer.id, serialNumber: 'NO-SUCH-SERIAL', itemId: item.id })).toEqual([['serialNumber', 'unknown_serial']]);
      expect(await errorsOf({ newCustomer: { name: 'Otro', phone: '612 345 678' }, serialNumber: unit.serialNumber })).toEqual([['serialNumber', 'unit_not_of_customer']]);

      // By serial, no customer given: the unit's customer (its name in the answer, its region for the rules) and the contract's terms.
      const bySerial = await makeIncident(t, { serialNumber: unit.serialNumber.toLowerCase(), receivedAt: '2026-05-05T10:00:00Z' });
      expect(bySerial).toMatchObject({ customerId: customer.id, customerName: customer.name, unitId: unit.id, itemId: item.id, regionCode: region, caseType: 'warranty', priorityCode: 'URG' });
      expect(bySerial.warranty).toEqual(expect.objectContaining({ underWarranty: false, warrantyEnd: '2021-01-10', underContract: true, contractId: contract.id, contractCode: contract.code, contractEnd: '2026-12-31' }));
      // By id with the customer given: the same copy.
      const byId = await makeIncident(t, { unitId: unit.id, customerId: customer.id, receivedAt: '2026-05-05T10:00:00Z' });
      expect({ ...byId.warranty, regionCode: byId.regionCode, priorityCode: byId.priorityCode }).toEqual({ ...bySerial.warranty, regionCode: bySerial.regionCode, priorityCode: bySerial.priorityCode });
      // An item and no unit: the item's unit type, no coverage.
      const byItem = await makeIncident(t, { customerId: customer.id, itemId: item.id });
      expect(byItem).toMatchObject({ unitId: null, itemId: item.id, serialNumber: null, caseType: 'billable' });
      expect(byItem.warranty).toMatchObject({ underWarranty: false, underContract: false, contractId: null });
    });

    it('numbers 32 concurrent intakes of a year without gaps, also when some fail inside their transaction', async () => {
      const customer = await makeCustomer(t);
      const remove = registerIncidentHooks('test-fail', {
        incidentCreated: async (_ctx, incident) => {
          if (incident.receivedAt.startsWith('2019') && incident.number.endsWith('7')) {
            /* every incident whose number ends in 7 is refused after taking it */
            throw new AppError('validation_failed', { errors: [{ field: 'symptom', code: 'invalid' }] });
          }
        },
      });
      try {
        const results = await Promise.all(
          Array.from({ length: 32 }, (_, i) => t.admin.post('/incidents', { customerId: customer.id, symptom: `Concurrente ${i}`, receivedAt: `2019-05-${String((i % 28) + 1).padStart(2, '0')}T10:00:00Z` })),
        );
        const created = results.filter((r) => r.status === 201);
        const failed = results.filter((r) => r.status === 400);
        expect(created.length + failed.length).toBe(32);
        expect(failed.length).toBeGreaterThan(0);
        const numbers = created.map((r) => Number(r.body.number.slice(-6))).sort((a, b) => a - b);
        expect(numbers).toEqual(Array.from({ length: created.length }, (_, i) => i + 1));
        expect(new Set(created.map((r) => r.body.number)).size).toBe(created.length);
        // The SLA clocks and report facts, written once per group for its intakes, only for the ones created.
        const ids = created.map((r) => Number(r.body.id));
        const clocks = await t.database.db.selectFrom('incident_clocks').select('incident_id').where('incident_id', 'in', ids).execute();
        expect(clocks).toHaveLength(2 * ids.length);
        const facts = await t.database.db.selectFrom('report_incident_facts').select('incident_id').where('incident_id', 'in', ids).execute();
        expect(facts).toHaveLength(ids.length);
        // Their search documents and keys, written at the group's end too: one each, found by number and by symptom word at once.
        const docs = await t.database.db.selectFrom('search_documents').select('entity_id').where('entity_type', '=', 'incident').where('entity_id', 'in', ids).execute();
        expect(docs.map((d) => Number(d.entity_id)).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
        for (const r of created.slice(0, 4)) {
          const byNumber = await t.admin.get(`/search?q=${r.body.number}&types=incident`);
          expect(byNumber.body.items.map((h: any) => h.id)).toEqual([r.body.id]);
        }
        const bySymptom = await t.admin.get(`/search?q=concurrente&types=incident&limit=50`);
        expect(bySymptom.body.items.map((h: any) => h.id).sort()).toEqual(created.map((r) => r.body.id).sort());
        const ours = await t.database.db.selectFrom('incidents').select('id').where('customer_id', '=', Number(customer.id)).execute();
        expect(ours.map((r) => Number(r.id)).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
        // The answers show the deadlines written at the group's end.
        const dueOf = new Map((await t.database.db.selectFrom('incident_clocks').select(['incident_id', 'due_at']).where('incident_id', 'in', ids).where('target', '=', 'resolution').execute()).map((c) => [Number(c.incident_id), c.due_at]));
        for (const r of created) expect(r.body.resolutionDueAt === null ? null : new Date(r.body.resolutionDueAt).getTime()).toBe(dueOf.get(Number(r.body.id)) ? new Date(String(dueOf.get(Number(r.body.id)))).getTime() : null);
      } finally {
        remove();
      }
    });
  });

  describe('owner', () => {
    it('applies the first matching assignment rule (user or group) and records a delegation with its note', async () => {
      const tech = await t.userWithRole('technician', { name: 'Técnico Uno' });
      const tech2 = await t.userWithRole('technician', { name: 'Técnico Dos' });
      const group = (await t.admin.post('/groups', { code: `G${uid()}`, name: 'Taller', memberIds: [tech2.id] })).body;
      const unitType = uid().slice(0, 6);
      await catalogEntry(t, 'unit-types', { code: unitType });
      await catalogEntry(t, 'regions', { code: `R${unitType.slice(0, 4)}` });
      await catalogEntry(t, 'assignment-rules', { code: `A${unitType.slice(0, 5)}`, ruleOrder: 20, unitTypeCode: unitType, ownerGroupId: group.id });
      await catalogEntry(t, 'assignment-rules', { code: `B${unitType.slice(0, 5)}`, ruleOrder: 10, unitTypeCode: unitType, regionCode: `R${unitType.slice(0, 4)}`, ownerUserId: tech.id });
      const item = await makeItem(t, { unitTypeCode: unitType });
      const customer = await makeCustomer(t);
      const inRegion = await makeUnit(t, { customerId: customer.id, itemId: item.id, regionCode: `R${unitType.slice(0, 4)}` });
      const elsewhere = await makeUnit(t, { customerId: customer.id, itemId: item.id });

      const a = await makeIncident(t, { unitId: inRegion.id });
      expect(a).toMatchObject({ ownerUserId: tech.id, ownerGroupId: null, ownerUserName: 'Técnico Uno' });
      expect(a.changes[0]).toMatchObject({ kind: 'owner', to: `user:${tech.id}`, note: `rule:B${unitType.slice(0, 5)}` });
      const b = await makeIncident(t, { unitId: elsewhere.id });
      expect(b).toMatchObject({ ownerUserId: null, ownerGroupId: group.id });

      // Delegation: to a user with a note; in the history and the audit trail.
      const d = await t.admin.post(`/incidents/${a.id}/delegate`, { toUserId: tech2.id, note: 'Está de vacaciones' });
      expect(d.status).toBe(200);
      expect(d.body).toMatchObject({ ownerUserId: tech2.id, ownerGroupId: null });
      expect(d.body.changes.at(-1)).toMatchObject({ kind: 'owner', from: `user:${tech.id}`, to: `user:${tech2.id}`, fromName: 'Técnico Uno', toName: 'Técnico Dos', note: 'Está de vacaciones', userId: t.adminId });
      const toGroup = await t.admin.post(`/incidents/${a.id}/delegate`, { toGroupId: group.id, note: 'Al taller' });
      expect(toGroup.body.changes.at(-1)).toMatchObject({ kind: 'owner', from: `user:${tech2.id}`, to: `group:${group.id}`, fromName: 'Técnico Dos', toName: 'Taller' });
      expect(toGroup.body.changes.find((c: any) => c.kind !== 'owner') ?? { fromName: null }).toMatchObject({ fromName: null });
      await t.admin.post(`/incidents/${a.id}/delegate`, { toUserId: tech2.id, note: 'De vuelta' });
      const audit = await t.admin.get('/audit' + qs({ entityType: 'incident', entityId: a.id }));
      expect(audit.body.items.map((e: any) => e.action)).toContain('delegate');
      expect((await t.admin.post(`/incidents/${a.id}/delegate`, { toUserId: tech2.id, note: 'otra vez' })).status).toBe(409);
      expect((await t.admin.post(`/incidents/${a.id}/delegate`, { note: 'sin destino' })).body.errors[0]).toMatchObject({ field: 'toUserId', code: 'delegate_target_required' });

      // Views: mine, my groups, unassigned.
      const mine = await tech2.agent.get('/incidents' + qs({ view: 'mine' }));
      expect(mine.body.items.map((i: any) => i.id)).toContain(a.id);
      const groups = await tech2.agent.get('/incidents' + qs({ view: 'groups' }));
      expect(groups.body.items.map((i: any) => i.id)).toEqual([b.id]);
      const unassigned = await t.admin.get('/incidents' + qs({ view: 'unassigned', customerId: customer.id }));
      expect(unassigned.body.items).toHaveLength(0);
    });
  });

  describe('events', () => {
    it('stamps date, time and user; the first event counting as response stamps the first response once', async () => {
      const customer = await makeCustomer(t);
      const inc = await makeIncident(t, { customerId: customer.id });
      const seen: Array<{ event: any; incident: IncidentSnapshot }> = [];
      const remove = registerIncidentHooks('test-events', { incidentEvent: async (_c, e) => void seen.push(e) });
      try {
        const note = await t.admin.post(`/incidents/${inc.id}/events`, { text: 'Llama el cliente' });
        expect(note.status).toBe(201);
        expect(note.body).toMatchObject({ typeCode: 'LLE', userId: t.adminId, countsAsResponse: false });
        expect((await t.admin.get(`/incidents/${inc.id}`)).body.firstResponseAt).toBeNull();
        const out = await t.admin.post(`/incidents/${inc.id}/events`, { typeCode: 'LLS', text: 'Le llamamos' });
        const first = (await t.admin.get(`/incidents/${inc.id}`)).body.firstResponseAt;
        expect(first).toBe(out.body.at);
        await t.admin.post(`/incidents/${inc.id}/events`, { typeCode: 'LLS', text: 'Le volvemos a llamar' });
        const detail = (await t.admin.get(`/incidents/${inc.id}`)).body;
        expect(detail.firstResponseAt).toBe(first);
        expect(detail.events.map((e: any) => e.typeCode)).toEqual(['LLE', 'LLS', 'LLS']);
        expect(seen.filter((s) => s.incident.id === Number(inc.id)).map((s) => s.event.firstResponse)).toEqual([false, true, false]);
      } finally {
        remove();
      }
      expect((await t.admin.post(`/incidents/${inc.id}/events`, { typeCode: 'ZZZ', text: 'x' })).body.errors[0]).toMatchObject({ field: 'typeCode', code: 'unknown_code' });
      expect((await t.admin.post(`/incidents/${inc.id}/events`, { text: 'x', at: '2020-01-01T00:00:00Z' })).body.errors[0]).toMatchObject({ field: 'at', code: 'unknown_field' });
      // Never edited or deleted: there is no such route.
      const eventId = (await t.admin.get(`/incidents/${inc.id}/events`)).body.items[0].id;
      expect((await t.admin.patch(`/incidents/${inc.id}/events/${eventId}`, { text: 'y' })).status).toBe(404);
      expect((await t.admin.delete(`/incidents/${inc.id}/events/${eventId}`)).status).toBe(404);
    });

    it('finishes the call it was created from, and the call added to an incident', async () => {
      const customer = await makeCustomer(t);
      const call = await makeCall(t, customer.id);
      const inc = await makeIncident(t, { customerId: customer.id, fromCallId: call.id });
      const finished = (await t.admin.get(`/calls/${call.id}`)).body;
      expect(finished).toMatchObject({ pending: false, statusCode: 'FI', finishedByActionType: 'incident', finishedByActionId: inc.id });
      // Again from the same call: 409, and no second incident.
      const again = await t.admin.post('/incidents', { customerId: customer.id, symptom: 'dup', fromCallId: call.id });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('call_already_finished');

      const second = await makeCall(t, customer.id);
      const ev = await t.admin.post(`/incidents/${inc.id}/events`, { text: 'Vuelve a llamar', fromCallId: second.id });
      expect(ev.status).toBe(201);
      expect(ev.body).toMatchObject({ typeCode: 'LLE', fromCallId: second.id });
      expect((await t.admin.get(`/calls/${second.id}`)).body).toMatchObject({ pending: false, finishedByActionType: 'incident', finishedByActionId: inc.id });
      const dup = await t.admin.post(`/incidents/${inc.id}/events`, { text: 'otra', fromCallId: second.id });
      expect(dup.status).toBe(409);
      expect((await t.admin.get(`/incidents/${inc.id}/events`)).body.items).toHaveLength(1);
    });
  });

  describe('lifecycle', () => {
    it('refuses each skipped step naming what is missing, then goes open → diagnosed → resolved → closed and reopens with a reason', async () => {
      const customer = await makeCustomer(t);
      const inc = await makeIncident(t, { customerId: customer.id });
      const p = (step: string, body: Record<string, unknown> = {}) => t.admin.post(`/incidents/${inc.id}/${step}`, body);

      let r = await p('diagnose');
      expect(r.status).toBe(409);
      expect(r.body).toMatchObject({ code: 'incident_step_missing', missing: ['diagnosis'] });
      expect(r.body.detail).toBe('Falta: el diagnóstico.');
      r = await p('resolve', { solution: 'Cambio', resolutionCode: 'REP' });
      expect(r.status).toBe(409);
      expect(r.body.missing).toEqual(['diagnosis', 'diagnosed']);
      r = await p('close');
      expect(r.body.missing).toEqual(['diagnosis', 'diagnosed', 'solution', 'resolutionCode', 'resolved']);
      const en = await t.admin.withLanguage('en').post(`/incidents/${inc.id}/close`, {});
      expect(en.body.detail).toBe('Missing: the diagnosis, diagnosing it first, the solution, the general resolution code, resolving it first.');
      expect((await t.admin.get(`/incidents/${inc.id}`)).body.missing).toEqual({
        diagnose: ['diagnosis'],
        resolve: ['diagnosis', 'diagnosed', 'solution', 'resolutionCode'],
        close: ['diagnosis', 'diagnosed', 'solution', 'resolutionCode', 'resolved'],
      });

      r = await p('diagnose', { diagnosis: 'Fusor gastado' });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ stage: 'diagnosed', diagnosis: 'Fusor gastado' });
      expect((await p('diagnose', { diagnosis: 'otra' })).body).toMatchObject({ code: 'incident_wrong_stage', stage: 'diagnosed' });
      r = await p('resolve', { solution: 'Cambio de fusor' });
      expect(r.body).toMatchObject({ code: 'incident_step_missing', missing: ['resolutionCode'] });
      r = await p('resolve', { solution: 'Cambio de fusor', resolutionCode: 'SUS', specificResolutionCode: 'REP-PZA' });
      expect(r.status).toBe(400);
      expect(r.body.errors[0]).toMatchObject({ field: 'specificResolutionCode', code: 'specific_not_of_general' });
      r = await p('close');
      expect(r.body).toMatchObject({ code: 'incident_step_missing', missing: ['solution', 'resolutionCode', 'resolved'] });
      r = await p('resolve', { solution: 'Cambio de fusor', resolutionCode: 'REP', specificResolutionCode: 'REP-PZA' });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ stage: 'resolved', solution: 'Cambio de fusor', resolutionCode: 'REP', specificResolutionCode: 'REP-PZA' });
      expect(r.body.resolvedAt).not.toBeNull();
      r = await p('close');
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ stage: 'closed' });
      expect(r.body.closedAt).not.toBeNull();
      expect((await p('close')).body).toMatchObject({ code: 'incident_closed' });
      expect((await t.admin.patch(`/incidents/${inc.id}`, { symptom: 'otro' })).body.code).toBe('incident_closed');

      expect((await p('reopen', {})).status).toBe(400);
      r = await p('reopen', { reason: 'Vuelve a fallar' });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ stage: 'diagnosed', closedAt: null, resolvedAt: null });
      expect(r.body.changes.filter((c: any) => c.kind === 'reopen').at(-1)).toMatchObject({ kind: 'reopen', from: 'closed', to: 'diagnosed', note: 'Vuelve a fallar' });
      const audit = await t.admin.get('/audit' + qs({ entityType: 'incident', entityId: inc.id }));
      expect(audit.body.items.map((e: any) => e.action)).toEqual(expect.arrayContaining(['create', 'diagnose', 'resolve', 'close', 'reopen']));
      const open = await makeIncident(t, { customerId: customer.id });
      expect((await t.admin.post(`/incidents/${open.id}/reopen`, { reason: 'x' })).body.code).toBe('incident_not_closed');
    });

    it('calls the hooks inside the transaction: changes with their reason, and a close hook that stores an invoice or refuses the close', async () => {
      const customer = await makeCustomer(t);
      const inc = await makeIncident(t, { customerId: customer.id, diagnosis: undefined });
      const changes: Array<{ reason: string; before: IncidentSnapshot; after: IncidentSnapshot }> = [];
      let refuse = true;
      const remove = registerIncidentHooks('test-close', {
        incidentChanged: async (_c, e) => void changes.push(e),
        incidentClosing: async (_c, e) => {
          if (e.incident.id !== Number(inc.id)) return;
          if (refuse) throw new AppError('incident_closed');
          return { invoiceId: 4242 };
        },
      });
      try {
        await t.admin.patch(`/incidents/${inc.id}`, { priorityCode: 'URG', statusCode: 'EC' });
        const mine = changes.filter((c) => c.before.id === Number(inc.id));
        expect(mine[0]).toMatchObject({ reason: 'status', reasons: ['status', 'priority'] });
        expect(mine[0].before.priorityCode).toBe('NOR');
        expect(mine[0].after.priorityCode).toBe('URG');
        await t.admin.post(`/incidents/${inc.id}/diagnose`, { diagnosis: 'd' });
        await t.admin.post(`/incidents/${inc.id}/resolve`, { solution: 's', resolutionCode: 'REP' });
        expect(changes.filter((c) => c.before.id === Number(inc.id)).map((c) => (c as any).reason)).toEqual(['status', 'diagnose', 'resolve']);
        const refused = await t.admin.post(`/incidents/${inc.id}/close`, {});
        expect(refused.status).toBe(409);
        expect((await t.admin.get(`/incidents/${inc.id}`)).body.stage).toBe('resolved');
        refuse = false;
        const closed = await t.admin.post(`/incidents/${inc.id}/close`, {});
        expect(closed.body).toMatchObject({ stage: 'closed', invoiceId: '4242' });
      } finally {
        remove();
      }
    });
  });

  describe('supplies', () => {
    it('prices from the item, quantity with 3 decimals, VAT from the item, totals; editable only while not closed', async () => {
      const customer = await makeCustomer(t);
      const part = await makeItem(t, { kind: 'supply', description: 'Fusor', unitPriceCents: 1250, vatRate: 2100, serialized: false, warrantyMonths: 0 });
      const labour = await makeItem(t, { kind: 'labour', description: 'Mano de obra', unitPriceCents: 4000, vatRate: 2100, serialized: false, warrantyMonths: 0 });
      const inc = await makeIncident(t, { customerId: customer.id });
      const a = await t.admin.post(`/incidents/${inc.id}/supplies`, { itemId: part.id, quantity: '1.5' });
      expect(a.status).toBe(201);
      expect(a.body).toMatchObject({ description: 'Fusor', quantity: '1.5', quantityMilli: 1500, unitPriceCents: 1250, costCents: 1250, vatRateBp: 2100, baseCents: 1875, vatCents: 394, totalCents: 2269 });
      const b = await t.admin.post(`/incidents/${inc.id}/supplies`, { itemId: labour.id, quantity: 0.75, unitPriceCents: 3000 });
      expect(b.body).toMatchObject({ itemKind: 'labour', quantityMilli: 750, unitPriceCents: 3000, costCents: 4000, baseCents: 2250 });
      expect((await t.admin.post(`/incidents/${inc.id}/supplies`, { itemId: part.id, quantity: '1.2345' })).body.errors[0]).toMatchObject({ field: 'quantity' });
      expect((await t.admin.post(`/incidents/${inc.id}/supplies`, { itemId: part.id, quantity: '0' })).body.errors[0]).toMatchObject({ field: 'quantity', code: 'invalid_quantity' });
      const edited = await t.admin.patch(`/incidents/${inc.id}/supplies/${a.body.id}`, { quantity: '2' });
      expect(edited.body).toMatchObject({ quantityMilli: 2000, baseCents: 2500 });
      const detail = (await t.admin.get(`/incidents/${inc.id}`)).body;
      expect(detail.totals).toEqual({ baseCents: 4750, vatCents: 998, totalCents: 5748, costCents: 2500 + 3000 });

      await t.admin.post(`/incidents/${inc.id}/diagnose`, { diagnosis: 'd' });
      await t.admin.post(`/incidents/${inc.id}/resolve`, { solution: 's', resolutionCode: 'REP' });
      // A billable incident with supplies is invoiced on close: billing needs the company's data.
      await t.admin.put('/billing/company', { ...COMPANY, defaultPaymentTermCode: null });
      expect((await t.admin.post(`/incidents/${inc.id}/close`, {})).status).toBe(200);
      expect((await t.admin.post(`/incidents/${inc.id}/supplies`, { itemId: part.id, quantity: '1' })).body.code).toBe('incident_closed');
      expect((await t.admin.patch(`/incidents/${inc.id}/supplies/${a.body.id}`, { quantity: '3' })).body.code).toBe('incident_closed');
      expect((await t.admin.delete(`/incidents/${inc.id}/supplies/${a.body.id}`)).body.code).toBe('incident_closed');
      expect((await t.admin.get(`/incidents/${inc.id}/supplies`)).body.items).toHaveLength(2);
    });
  });

  describe('case sheet PDF', () => {
    it('prints company, customer and contact, unit with coverage as attached, texts, supplies with totals and signature boxes, in the customer\'s language by default', async () => {
      await t.admin.put('/billing/company', { ...COMPANY, defaultPaymentTermCode: null });
      const dni = 10_000_000 + Math.floor(Math.random() * 89_999_999);
      const taxId = `${dni}${'TRWAGMYFPDXBNJZSQVHLCKE'[dni % 23]}`;
      const customer = await makeCustomer(t, { language: 'en', taxId });
      const contract = await makeContract(t, customer.id, '2026-01-01', '2026-12-31');
      const unit = await makeUnit(t, { customerId: customer.id, saleDate: '2025-01-10', warrantyEnd: '2026-06-30', contractId: contract.id });
      const inc = await makeIncident(t, { unitId: unit.id, receivedAt: '2026-03-02T09:30:00Z', symptom: 'Atasca el papel en la bandeja 2', reasonCode: 'IMP', specificReasonCode: 'IMP-ATS', contactName: 'Lucía Pérez', contactPhone: '600111222' });
      const part = await makeItem(t, { kind: 'supply', description: 'Rodillo de arrastre', unitPriceCents: 1250, vatRate: 2100, serialized: false, warrantyMonths: 0 });
      const labour = await makeItem(t, { kind: 'labour', description: 'Mano de obra', unitPriceCents: 4000, vatRate: 2100, serialized: false, warrantyMonths: 0 });
      await t.admin.post(`/incidents/${inc.id}/supplies`, { itemId: part.id, quantity: '2' });
      await t.admin.post(`/incidents/${inc.id}/supplies`, { itemId: labour.id, quantity: '1.5' });
      await t.admin.post(`/incidents/${inc.id}/diagnose`, { diagnosis: 'Rodillo gastado' });
      await t.admin.post(`/incidents/${inc.id}/resolve`, { solution: 'Cambio de rodillo y limpieza', resolutionCode: 'REP', specificResolutionCode: 'REP-PZA' });
      const cookie = (t.admin as unknown as { auth: { cookie: string } }).auth.cookie;
      const get = (q: string) => t.app.inject({ method: 'GET', url: `/api/v1/incidents/${inc.id}/pdf${q}`, headers: { cookie } });

      const es = await get('?lang=es');
      expect(es.statusCode).toBe(200);
      expect(es.headers['content-type']).toBe('application/pdf');
      expect(es.headers['content-disposition']).toContain(`${inc.number}.pdf`);
      const textEs = (await pdfText(es.rawPayload)).replace(/\s+/g, ' ');
      for (const s of [
        'Hoja de trabajo', inc.number, COMPANY.legalName, COMPANY.taxId, 'Calle Mayor 1', customer.name, taxId, 'Lucía Pérez', '600111222',
        unit.serialNumber, 'En garantía hasta el 30/06/2026', `Contrato ${contract.code} vigente hasta el 31/12/2026`, 'Garantía',
        'Atasca el papel en la bandeja 2', 'IMP · Impresión', 'IMP-ATS · Atasco de papel', 'Rodillo gastado', 'Cambio de rodillo y limpieza', 'REP-PZA · Cambio de pieza',
        'Rodillo de arrastre', 'Mano de obra', '25,00 €', '60,00 €', 'Base imponible', '85,00 €', '17,85 €', '102,85 €',
        'Firma del técnico', 'Firma y DNI del cliente', 'Recibida: 02/03/2026 10:30',
      ]) expect(textEs, s).toContain(s);

      // No lang: the customer's language (English here).
      const en = await get('');
      expect(en.statusCode).toBe(200);
      const textEn = (await pdfText(en.rawPayload)).replace(/\s+/g, ' ');
      for (const s of ['Work order', 'Under warranty until 30/06/2026', 'Paper jam', 'Parts and labour', 'Tax base', '€102.85', "Technician's signature", "Customer's signature and ID"]) expect(textEn, s).toContain(s);
      expect(textEn).not.toContain('Hoja de trabajo');

      expect((await t.app.inject({ method: 'GET', url: '/api/v1/incidents/999999/pdf', headers: { cookie } })).statusCode).toBe(404);
      expect((await get('?lang=fr')).statusCode).toBe(400);
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/incidents/${inc.id}/pdf` })).statusCode).toBe(401);
    });
  });

  describe('similar past cases and the create_incident automatic action', () => {
    it('ranks resolved incidents by same item, then reason code, then shared symptom words', async () => {
      const customer = await makeCustomer(t);
      const item = await makeItem(t);
      const other = await makeItem(t);
      const unit = await makeUnit(t, { customerId: customer.id, itemId: item.id });
      const otherUnit = await makeUnit(t, { customerId: customer.id, itemId: other.id });
      const word = `zumbido${uid().toLowerCase()}`;
      const resolve = async (body: Record<string, unknown>, solution: string) => {
        const inc = await makeIncident(t, body);
        await t.admin.post(`/incidents/${inc.id}/diagnose`, { diagnosis: `Diagnóstico de ${solution}` });
        await t.admin.post(`/incidents/${inc.id}/resolve`, { solution, resolutionCode: 'REP' });
        return inc.id as string;
      };
      const byWords = await resolve({ unitId: otherUnit.id, symptom: `Hace un ${word} fuerte` }, 'Apretar tornillos');
      const byReason = await resolve({ unitId: otherUnit.id, symptom: 'Otra cosa', reasonCode: 'ALI' }, 'Cambiar fuente');
      const byItem = await resolve({ unitId: unit.id, symptom: 'Nada en común' }, 'Actualizar firmware');
      const byItemAndReason = await resolve({ unitId: unit.id, symptom: 'Tampoco', reasonCode: 'ALI' }, 'Cambiar placa');
      await makeIncident(t, { unitId: unit.id, symptom: `${word} sin resolver`, reasonCode: 'ALI' }); // not resolved: never offered
      await resolve({ unitId: otherUnit.id, symptom: 'Sin relación alguna' }, 'Nada');

      const res = await t.admin.get('/incidents/similar' + qs({ unitId: unit.id, reasonCode: 'ALI', symptom: `Se oye un ${word.toUpperCase()}` }));
      expect(res.status).toBe(200);
      const ids = res.body.items.map((i: any) => i.id);
      expect(ids.slice(0, 2)).toEqual([byItemAndReason, byItem]);
      expect(ids).toContain(byReason);
      expect(ids).toContain(byWords);
      expect(ids.indexOf(byReason)).toBeLessThan(ids.indexOf(byWords));
      expect(res.body.items.length).toBeLessThanOrEqual(5);
      expect(res.body.items[0]).toMatchObject({ sameItem: true, sameReason: true, solution: 'Cambiar placa', diagnosis: 'Diagnóstico de Cambiar placa' });
      expect(res.body.items.find((i: any) => i.id === byWords)).toMatchObject({ sameItem: false, sameReason: false, sharedWords: 1 });
      expect((await t.admin.get('/incidents/similar' + qs({ unitId: '999999' }))).status).toBe(400);
    });

    it('the word branch reads the first resolved cases sharing a word, the same ones the full-text index gives', async () => {
      const word = `chirrido${uid().toLowerCase()}`;
      const customer = await makeCustomer(t);
      const ids: string[] = [];
      for (let k = 0; k < 6; k++) {
        const inc = await makeIncident(t, { customerId: customer.id, symptom: k % 2 ? `Un ${word} al girar` : `${word.toUpperCase()} constante` });
        if (k < 5) {
          await t.admin.post(`/incidents/${inc.id}/diagnose`, { diagnosis: 'Rodamiento' });
          await t.admin.post(`/incidents/${inc.id}/resolve`, { solution: 'Cambiado', resolutionCode: 'REP' });
        }
        ids.push(inc.id);
      }
      const ask = (walk?: number) =>
        similarCandidates(t.database.db, { itemId: null, reasonCode: null, words: ['zzzsinnada', word.slice(0, 10)], excludeId: Number(ids[1]), limit: 1, walk }).then((rows) => rows.map((r) => `${r.id}:${r.branch}`));
      // limit 1: four word candidates. Resolved, not excluded, oldest first: 0, 2, 3, 4 (5 is open).
      const want = [ids[0], ids[2], ids[3], ids[4]];
      expect(await ask()).toEqual(want.map((id) => `${id}:4`));
      // walk 0: the first read finds nothing and the full-text index answers: the same cases.
      expect(await ask(0)).toEqual(want.map((id) => `${id}:5`));
    });

    it('a solution type with create_incident opens an incident for the activity, linked both ways; a failure shows on the activity', async () => {
      const code = `I${uid().slice(0, 1)}`;
      const st = await t.admin.post('/catalogs/solution-types', { code, descriptionEs: 'Abrir incidencia', descriptionEn: 'Open incident', automaticAction: 'create_incident' });
      expect(st.status, st.text).toBe(201);
      const customer = await makeCustomer(t);
      const act = await t.admin.post('/activities', { customerId: customer.id, problem: 'La lavadora pierde agua', solutionTypeCode: code });
      expect(act.status, act.text).toBe(201);
      expect(act.body.automaticAction).toMatchObject({ kind: 'create_incident', status: 'done', result: { type: 'incident' } });
      const incidentId = act.body.automaticAction.result.id;
      const inc = await t.admin.get(`/incidents/${incidentId}`);
      expect(inc.body).toMatchObject({ customerId: customer.id, symptom: 'La lavadora pierde agua', source: { type: 'activity', id: act.body.id }, stage: 'open' });

      const orphan = await t.admin.post('/activities', { problem: 'Sin cliente', solutionTypeCode: code });
      expect(orphan.status, orphan.text).toBe(201);
      expect(orphan.body.automaticAction).toMatchObject({ kind: 'create_incident', status: 'failed' });
      expect(orphan.body.automaticAction.errorCode ?? orphan.body.automaticAction.error).toBeTruthy();
    });
  });

  describe('lists, feeds and search', () => {
    it('filters the list with keyset pages, and finds incidents by number and words accent-insensitively', async () => {
      const customer = await makeCustomer(t);
      const word = `Pantallazo${uid().toLowerCase()}`;
      const made = [];
      for (let i = 0; i < 5; i++) made.push(await makeIncident(t, { customerId: customer.id, symptom: `Sale un ${word} azul número ${i}`, priorityCode: i % 2 ? 'URG' : 'NOR' }));
      const page1 = await t.admin.get('/incidents' + qs({ customerId: customer.id, limit: 2 }));
      const page2 = await t.admin.get('/incidents' + qs({ customerId: customer.id, limit: 2, cursor: page1.body.nextCursor }));
      const page3 = await t.admin.get('/incidents' + qs({ customerId: customer.id, limit: 2, cursor: page2.body.nextCursor }));
      expect([...page1.body.items, ...page2.body.items, ...page3.body.items].map((i: any) => i.id)).toEqual(made.map((m) => m.id).reverse());
      expect(page3.body.nextCursor).toBeNull();
      const urgent = await t.admin.get('/incidents' + qs({ customerId: customer.id, priorityCode: 'URG' }));
      expect(urgent.body.items).toHaveLength(2);
      expect((await t.admin.get('/incidents' + qs({ customerId: customer.id, caseType: 'warranty' }))).body.items).toHaveLength(0);

      await t.admin.post(`/incidents/${made[0].id}/diagnose`, { diagnosis: 'Cable de vídeo dañado' });
      const byNumber = await t.admin.get('/search' + qs({ q: made[2].number }));
      expect(byNumber.body.items[0]).toMatchObject({ type: 'incident', id: made[2].id });
      const byWord = await t.admin.get('/search' + qs({ q: word.toUpperCase(), types: 'incident' }));
      expect(byWord.body.items).toHaveLength(5);
      const byDiagnosis = await t.admin.get('/search' + qs({ q: 'video danado', types: 'incident' }));
      expect(byDiagnosis.body.items.map((h: any) => h.id)).toContain(made[0].id);
      const listed = await t.admin.get('/incidents' + qs({ q: 'vídeo' , customerId: customer.id }));
      expect(listed.body.items.map((i: any) => i.id)).toEqual([made[0].id]);
    });

    it('answers every view and filter of the inbox, page after page, as a plain filter of all incidents would', async () => {
      const customer = await makeCustomer(t);
      const unit = await makeUnit(t, { customerId: customer.id });
      const other = await t.userWithRole('agent');
      const group = (await t.admin.post('/groups', { code: `IN${uid().slice(0, 6)}`, name: 'Bandeja', memberIds: [t.adminId] })).body;
      expect(group.id).toEqual(expect.any(String));
      const at = (h: number) => `2026-03-0${1 + (h % 5)}T${String(8 + h).padStart(2, '0')}:00:00Z`;
      const specs: Array<Record<string, unknown>> = [
        { ownerUserId: t.adminId, receivedAt: at(0) },
        { ownerGroupId: group.id, statusCode: 'EC', priorityCode: 'URG', receivedAt: at(1) },
        { ownerUserId: other.id, priorityCode: 'URG', caseType: 'courtesy', receivedAt: at(2) },
        { ownerUserId: t.adminId, statusCode: 'EC', receivedAt: at(2) },
        { customerId: customer.id, receivedAt: at(3) },
        { ownerGroupId: group.id, unitId: unit.id, receivedAt: at(4) },
        { ownerUserId: t.adminId, unitId: unit.id, caseType: 'billable', receivedAt: at(5) },
        { ownerGroupId: group.id, priorityCode: 'URG', receivedAt: at(6) },
      ];
      const made: any[] = [];
      for (const spec of specs) made.push(await makeIncident(t, { customerId: spec.unitId ? undefined : customer.id, ...spec }));
      // Through the lifecycle: diagnosed, resolved, closed (closed incidents leave the open views).
      await t.admin.post(`/incidents/${made[0].id}/diagnose`, { diagnosis: 'Fuente' });
      await t.admin.post(`/incidents/${made[5].id}/diagnose`, { diagnosis: 'Fuente' });
      for (const i of [6, 7]) {
        await t.admin.post(`/incidents/${made[i].id}/diagnose`, { diagnosis: 'Fuente' });
        await t.admin.post(`/incidents/${made[i].id}/resolve`, { solution: 'Cambiada', resolutionCode: 'REP' });
      }
      expect((await t.admin.post(`/incidents/${made[7].id}/close`, {})).status).toBe(200);

      const pages = async (query: Record<string, string | undefined>, limit: number) => {
        const ids: string[] = [];
        let cursor: string | undefined;
        for (let n = 0; n < 500; n++) {
          const res = await t.admin.get('/incidents' + qs({ ...query, limit, cursor }));
          expect(res.status, JSON.stringify(query)).toBe(200);
          ids.push(...res.body.items.map((i: any) => i.id));
          if (!res.body.nextCursor) return { ids, items: res.body.items };
          cursor = res.body.nextCursor;
        }
        throw new Error('too many pages');
      };
      // Every incident of the database, newest received first (ties: the higher id first).
      const all: any[] = [];
      for (let cursor: string | undefined, n = 0; n < 100; n++) {
        const res = await t.admin.get('/incidents' + qs({ limit: 200, cursor }));
        all.push(...res.body.items);
        if (!(cursor = res.body.nextCursor ?? undefined)) break;
      }
      expect(all.map((i) => i.id)).toEqual([...all].sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : Number(b.id) - Number(a.id))).map((i) => i.id));
      const mine = all.find((i) => i.id === made[0].id);
      expect(mine).toMatchObject({ ownerUserId: t.adminId, ownerUserName: expect.any(String), customerName: customer.name });
      // A list row carries what the lists show, not the whole incident (the detail has that).
      expect(Object.keys(mine)).toEqual(['id', 'number', 'receivedAt', 'customerId', 'customerCode', 'customerName', 'unitId', 'serialNumber', 'caseType', 'symptom', 'ownerUserId', 'ownerUserName', 'ownerGroupId', 'ownerGroupName', 'statusCode', 'priorityCode', 'stage']);
      expect(all.find((i) => i.id === made[1].id)).toMatchObject({ ownerGroupId: group.id, ownerGroupName: 'Bandeja' });
      const myGroups = new Set([group.id, ...((await t.admin.get('/groups?limit=200')).body.items as any[]).filter((g) => g.memberIds.includes(t.adminId)).map((g) => g.id)]);
      const isOpen = (i: any) => i.stage !== 'closed';
      type Q = Record<string, string | undefined>;
      const cases: Array<[Q, (i: any) => boolean]> = [
        [{}, () => true],
        [{ view: 'open' }, isOpen],
        [{ open: 'false' }, (i) => !isOpen(i)],
        [{ view: 'mine' }, (i) => isOpen(i) && i.ownerUserId === t.adminId],
        [{ view: 'mine', open: 'false' }, (i) => !isOpen(i) && i.ownerUserId === t.adminId],
        [{ view: 'groups' }, (i) => isOpen(i) && myGroups.has(i.ownerGroupId)],
        [{ view: 'groups', open: 'false' }, (i) => !isOpen(i) && myGroups.has(i.ownerGroupId)],
        [{ view: 'unassigned' }, (i) => isOpen(i) && i.ownerUserId === null && i.ownerGroupId === null],
        [{ view: 'unassigned', open: 'false' }, (i) => !isOpen(i) && i.ownerUserId === null && i.ownerGroupId === null],
        [{ ownerUserId: t.adminId }, (i) => i.ownerUserId === t.adminId],
        [{ ownerGroupId: group.id }, (i) => i.ownerGroupId === group.id],
        [{ ownerGroupId: group.id, view: 'mine' }, () => false],
        [{ view: 'open', statusCode: 'EC' }, (i) => isOpen(i) && i.statusCode === 'EC'],
        [{ statusCode: 'EC' }, (i) => i.statusCode === 'EC'],
        [{ view: 'open', priorityCode: 'URG' }, (i) => isOpen(i) && i.priorityCode === 'URG'],
        [{ priorityCode: 'URG' }, (i) => i.priorityCode === 'URG'],
        [{ priorityCode: 'URG', open: 'false' }, (i) => !isOpen(i) && i.priorityCode === 'URG'],
        [{ view: 'open', stage: 'diagnosed' }, (i) => i.stage === 'diagnosed'],
        [{ stage: 'resolved' }, (i) => i.stage === 'resolved'],
        [{ stage: 'closed' }, (i) => i.stage === 'closed'],
        [{ stage: 'open', open: 'false' }, () => false],
        [{ view: 'open', caseType: 'courtesy' }, (i) => isOpen(i) && i.caseType === 'courtesy'],
        [{ caseType: 'billable', open: 'false' }, (i) => !isOpen(i) && i.caseType === 'billable'],
        [{ customerId: customer.id }, (i) => i.customerId === customer.id],
        [{ customerId: customer.id, view: 'open', priorityCode: 'URG' }, (i) => i.customerId === customer.id && isOpen(i) && i.priorityCode === 'URG'],
        [{ unitId: unit.id }, (i) => i.unitId === unit.id],
        [{ unitId: unit.id, view: 'mine' }, (i) => i.unitId === unit.id && isOpen(i) && i.ownerUserId === t.adminId],
        [{ view: 'mine', statusCode: 'EC' }, (i) => isOpen(i) && i.ownerUserId === t.adminId && i.statusCode === 'EC'],
        [{ view: 'groups', priorityCode: 'URG' }, (i) => isOpen(i) && myGroups.has(i.ownerGroupId) && i.priorityCode === 'URG'],
      ];
      for (const [query, keep] of cases) {
        const expected = all.filter(keep).map((i) => i.id);
        expect((await pages(query, 2)).ids, JSON.stringify(query)).toEqual(expected);
      }
      // Each page carries the rows as the detail shows them.
      const page = await pages({ customerId: customer.id }, 200);
      for (const n of [0, 1, 2, 7]) {
        const item = page.items.find((i: any) => i.id === made[n].id);
        const detail = (await t.admin.get(`/incidents/${made[n].id}`)).body;
        expect(item).toEqual(Object.fromEntries(Object.keys(item).map((k) => [k, detail[k]])));
      }
    });

    it('puts incidents and their events in the customer timeline and the unit history', async () => {
      const customer = await makeCustomer(t);
      const unit = await makeUnit(t, { customerId: customer.id });
      const inc = await makeIncident(t, { unitId: unit.id, symptom: 'Hace ruido' });
      await t.admin.post(`/incidents/${inc.id}/events`, { typeCode: 'NOT', text: 'Enviado técnico' });
      const history = await t.admin.get(`/units/${unit.id}/history`);
      const types = history.body.items.map((e: any) => e.type);
      expect(types).toEqual(expect.arrayContaining(['incident', 'incident_event']));
      expect(history.body.items.find((e: any) => e.type === 'incident')).toMatchObject({ id: inc.id, summary: 'Hace ruido', status: 'Abierta', pending: true });
      const timeline = await t.admin.get(`/customers/${customer.id}/timeline`);
      expect(timeline.body.items.find((e: any) => e.type === 'incident_event')).toMatchObject({ id: expect.stringMatching(new RegExp(`^${inc.id}-`)), summary: 'Enviado técnico' });
    });

    it('lets readers read and refuses their writes', async () => {
      const reader = await t.userWithRole('readonly');
      const customer = await makeCustomer(t);
      const inc = await makeIncident(t, { customerId: customer.id });
      expect((await reader.agent.get(`/incidents/${inc.id}`)).status).toBe(200);
      expect((await reader.agent.post('/incidents', { customerId: customer.id, symptom: 'x' })).status).toBe(403);
      expect((await reader.agent.post(`/incidents/${inc.id}/events`, { text: 'x' })).status).toBe(403);
      expect((await t.anonymous.get('/incidents')).status).toBe(401);
      expect((await t.admin.get('/incidents/999999')).status).toBe(404);
    });
  });
});
