/** Test data of the billing area, shared by its test files (and other areas' tests that invoice). */
import type { Agent } from '../../../../test/harness.ts';

export const COMPANY = {
  legalName: 'Climasat Servicios Técnicos, S.L.',
  taxId: 'B12345674',
  address: { street: 'Calle Mayor 1', city: 'Madrid', postalCode: '28013', province: 'Madrid' },
  invoiceSeries: 'F',
  rectifyingSeries: 'R',
  defaultPaymentTermCode: 'T30',
  verifactuEnvironment: 'test',
  verifactuSend: false,
  installationNumber: '1',
};

/** The catalogs an invoice needs: VAT rates and payment terms. */
export async function seedBillingCatalogs(admin: Agent) {
  for (const [catalog, entry] of [
    ['vat-rates', { code: 'G', descriptionEs: 'General', descriptionEn: 'Standard', rate: 2100 }],
    ['vat-rates', { code: 'R', descriptionEs: 'Reducido', descriptionEn: 'Reduced', rate: 1000 }],
    ['payment-terms', { code: 'CON', descriptionEs: 'Contado', descriptionEn: 'Cash', dueDays: [0] }],
    ['payment-terms', { code: 'T30', descriptionEs: 'Transferencia 30 días', descriptionEn: 'Transfer 30 days', dueDays: [30], isDefault: true }],
    ['payment-terms', { code: 'R306090', descriptionEs: 'Recibos 30, 60 y 90', descriptionEn: '30, 60 and 90 days', dueDays: [30, 60, 90] }],
  ] as const) {
    const r = await admin.post(`/catalogs/${catalog}`, entry);
    if (r.status !== 201) throw new Error(`${catalog}: ${r.status} ${r.text}`);
  }
}

