/** Test data for this area's suites. */
import type { TestApp } from '../../../../test/harness.ts';

let seq = 0;
const next = () => `${Date.now().toString(36).slice(-4)}${(seq++).toString(36)}`.toUpperCase();

export async function insertCustomer(t: TestApp, opts: { emails?: string[]; language?: 'es' | 'en'; name?: string } = {}) {
  const code = `C${next()}`;
  const name = opts.name ?? `Cliente ${code}`;
  const res = await t.admin.post('/customers', { code, name, emails: opts.emails ?? [], language: opts.language ?? 'es' });
  if (res.status !== 201) throw new Error(`customer: ${res.status} ${res.text}`);
  return { id: String(res.body.id), code, name };
}

export async function insertContact(t: TestApp, customerId: string, name = 'Contacto') {
  const res = await t.admin.post('/contacts', { customerId, name, phones: [], emails: [] });
  if (res.status !== 201) throw new Error(`contact: ${res.status} ${res.text}`);
  return String(res.body.id);
}

/** A 2-character code not used yet in this database. */
export function code2(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  seq += 1;
  return chars[Math.floor(seq / chars.length) % chars.length] + chars[seq % chars.length];
}

export async function solutionType(t: TestApp, automaticAction: string, extra: Record<string, unknown> = {}) {
  const code = code2();
  const res = await t.admin.post('/catalogs/solution-types', { code, descriptionEs: `Solución ${code}`, descriptionEn: `Solution ${code}`, automaticAction, ...extra });
  if (res.status !== 201) throw new Error(`solution type: ${res.status} ${res.text}`);
  return code;
}

export async function activityStatus(t: TestApp, opts: { pending: boolean; isDefault?: boolean; active?: boolean }) {
  const code = code2();
  const res = await t.admin.post('/catalogs/activity-statuses', { code, descriptionEs: `Situación ${code}`, descriptionEn: `Status ${code}`, ...opts });
  if (res.status !== 201) throw new Error(`status: ${res.status} ${res.text}`);
  return code;
}
