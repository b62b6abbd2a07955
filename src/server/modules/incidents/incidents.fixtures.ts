/** Test data for the incidents suites: catalogs, customers, items, units and contracts through the API. */
import { randomBytes } from 'node:crypto';
import type { TestApp } from '../../../../test/harness.ts';

export const uid = () => randomBytes(4).toString('hex').toUpperCase();

async function ok(res: { status: number; body: any; text: string }, what: string, status = 201) {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${res.text}`);
  return res.body;
}

/** Creates a catalog entry, or sets these values on the one the starter configuration already has. */
export async function catalogEntry(t: TestApp, catalog: string, body: Record<string, unknown>) {
  const code = (body.code as string) ?? uid().slice(0, 6);
  const created = await t.admin.post(`/catalogs/${catalog}`, { code, descriptionEs: `${catalog} ${code}`, descriptionEn: `${catalog} ${code} en`, ...body });
  if (created.status === 400 && created.body.errors?.[0]?.code === 'code_taken') {
    const { code: _code, ...rest } = body;
    return ok(await t.admin.patch(`/catalogs/${catalog}/${code}`, rest), `catalog ${catalog} ${code}`, 200);
  }
  return ok(created, `catalog ${catalog}`);
}

/** The catalogs an intake needs: a default status, priority and event type, reason and resolution codes, call statuses. */
export async function incidentCatalogs(t: TestApp) {
  await catalogEntry(t, 'incident-statuses', { code: 'AB', descriptionEs: 'Abierta', descriptionEn: 'Open', pending: true, isDefault: true });
  await catalogEntry(t, 'incident-statuses', { code: 'EC', descriptionEs: 'Esperando al cliente', descriptionEn: 'Waiting for customer', pending: true, waitingForCustomer: true });
  await catalogEntry(t, 'priorities', { code: 'NOR', descriptionEs: 'Normal', descriptionEn: 'Normal', isDefault: true, responseMinutes: 240, resolutionMinutes: 2400 });
  await catalogEntry(t, 'priorities', { code: 'URG', descriptionEs: 'Urgente', descriptionEn: 'Urgent', responseMinutes: 60, resolutionMinutes: 480 });
  await catalogEntry(t, 'incident-event-types', { code: 'LLE', descriptionEs: 'Llamada entrante', descriptionEn: 'Incoming call', isDefault: true });
  await catalogEntry(t, 'incident-event-types', { code: 'LLS', descriptionEs: 'Llamada saliente', descriptionEn: 'Outgoing call', countsAsResponse: true });
  await catalogEntry(t, 'incident-event-types', { code: 'NOT', descriptionEs: 'Nota', descriptionEn: 'Note' });
  await catalogEntry(t, 'reason-codes', { code: 'IMP', descriptionEs: 'Impresión', descriptionEn: 'Printing' });
  await catalogEntry(t, 'reason-codes', { code: 'IMP-ATS', descriptionEs: 'Atasco de papel', descriptionEn: 'Paper jam', parentCode: 'IMP' });
  await catalogEntry(t, 'reason-codes', { code: 'ALI', descriptionEs: 'Alimentación', descriptionEn: 'Power' });
  await catalogEntry(t, 'reason-codes', { code: 'ALI-FUE', descriptionEs: 'Fuente', descriptionEn: 'Power supply', parentCode: 'ALI' });
  await catalogEntry(t, 'resolution-codes', { code: 'REP', descriptionEs: 'Reparado', descriptionEn: 'Repaired' });
  await catalogEntry(t, 'resolution-codes', { code: 'REP-PZA', descriptionEs: 'Cambio de pieza', descriptionEn: 'Part replaced', parentCode: 'REP' });
  await catalogEntry(t, 'resolution-codes', { code: 'SUS', descriptionEs: 'Sustituido', descriptionEn: 'Replaced' });
  await catalogEntry(t, 'activity-statuses', { code: 'HA', descriptionEs: 'Habitual', descriptionEn: 'Usual', pending: true, isDefault: true });
  await catalogEntry(t, 'call-statuses', { code: 'PE', descriptionEs: 'Pendiente', descriptionEn: 'Pending', pending: true, defaultPending: true });
  await catalogEntry(t, 'call-statuses', { code: 'FI', descriptionEs: 'Finalizada', descriptionEn: 'Finished', pending: false, defaultFinished: true });
}

export async function makeCustomer(t: TestApp, extra: Record<string, unknown> = {}) {
  const code = `C${uid()}`;
  return ok(await t.admin.post('/customers', { code, name: `Cliente ${code}`, ...extra }), 'customer') as Promise<{ id: string; name: string; code: string }>;
}

export async function makeItem(t: TestApp, extra: Record<string, unknown> = {}) {
  return ok(
    await t.admin.post('/items', { code: `I${uid()}`, description: 'Impresora láser', kind: 'product', unitPriceCents: 19900, vatRate: 2100, warrantyMonths: 24, serialized: true, ...extra }),
    'item',
  ) as Promise<{ id: string; unitPriceCents: number; vatRate: number; description: string }>;
}

export async function makeUnit(t: TestApp, opts: { customerId: string; itemId?: string; saleDate?: string; warrantyEnd?: string | null; contractId?: string | null; regionCode?: string | null }) {
  const itemId = opts.itemId ?? (await makeItem(t)).id;
  const serialNumber = `SN-${uid()}`;
  const body = await ok(
    await t.admin.post('/units', { serialNumber, itemId, customerId: opts.customerId, saleDate: opts.saleDate ?? '2026-01-10', warrantyEnd: opts.warrantyEnd, contractId: opts.contractId, regionCode: opts.regionCode }),
    'unit',
  );
  return { id: String(body.id), serialNumber, itemId };
}

export async function makeContract(t: TestApp, customerId: string, startDate: string, endDate: string, extra: Record<string, unknown> = {}) {
  return ok(await t.admin.post('/contracts', { code: `K${uid()}`, customerId, startDate, endDate, ...extra }), 'contract') as Promise<{ id: string; code: string }>;
}

export async function makeCall(t: TestApp, customerId: string) {
  return ok(await t.admin.post('/calls', { customerId, toUserId: t.adminId, description: 'Llama por su impresora' }), 'call') as Promise<{ id: string }>;
}

export async function makeIncident(t: TestApp, body: Record<string, unknown>) {
  return ok(await t.admin.post('/incidents', { symptom: 'No imprime', ...body }), 'incident');
}
