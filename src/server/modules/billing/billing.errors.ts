/** Error and field-error codes of the billing area, with their HTTP status and texts (manifest `errors`). */
import type { AreaError } from '../area.ts';

const money = (p: Record<string, unknown>) => String(p.outstanding ?? '');

export const billingErrors: Record<string, AreaError> = {
  billing_not_configured: {
    status: 409,
    es: 'Faltan los datos de la empresa (razón social, NIF, series): un administrador debe completarlos en Facturación › Empresa antes de facturar.',
    en: 'The company data (legal name, tax id, series) is missing: an administrator must fill it in under Billing › Company before invoicing.',
  },
  invoice_immutable: {
    status: 409,
    es: 'Una factura emitida no se puede modificar ni borrar: emita una factura rectificativa.',
    en: 'An issued invoice cannot be changed or deleted: issue a rectifying invoice.',
  },
  customer_tax_id_required: {
    status: 409,
    es: 'El cliente no tiene un NIF válido: solo se admite factura simplificada hasta 400 €. Complete el NIF del cliente.',
    en: 'The customer has no valid tax id: only a simplified invoice up to €400 is allowed. Fill in the customer’s tax id.',
  },
  payment_exceeds_due: {
    status: 409,
    es: (p) => `El cobro supera lo pendiente de la factura (${money(p).replace('.', ',')} €).`,
    en: (p) => `The payment is more than what is due on the invoice (€${money(p)}).`,
  },
  payment_exceeds_instalment: {
    status: 409,
    es: 'El cobro supera lo pendiente de ese vencimiento.',
    en: 'The payment is more than what is due on that instalment.',
  },
  reversal_exceeds_paid: { status: 409, es: 'No se puede anular más de lo cobrado.', en: 'Cannot reverse more than was paid.' },
  payment_zero: { status: 409, es: 'El importe no puede ser cero.', en: 'The amount cannot be zero.' },
  payment_already_reversed: { status: 409, es: 'Ese cobro ya está anulado.', en: 'That payment is already reversed.' },
  payment_is_reversal: { status: 409, es: 'Una anulación de cobro no se puede anular.', en: 'A reversal cannot be reversed.' },
  invoice_not_collectable: {
    status: 409,
    es: 'Esta factura no admite cobros (anulada, sustituida o rectificativa por diferencias: se cobra en la original).',
    en: 'This invoice takes no payments (voided, substituted, or a rectification by differences: collect on the original).',
  },
  invoice_already_voided: { status: 409, es: 'La factura ya está anulada.', en: 'The invoice is already voided.' },
  invoice_has_payments: {
    status: 409,
    es: 'La factura tiene cobros: anúlelos primero o emita una rectificativa por diferencias.',
    en: 'The invoice has payments: reverse them first or issue a rectifying invoice by differences.',
  },
  invoice_not_rectifiable: {
    status: 409,
    es: 'Esta factura ya está anulada, sustituida o rectificada y no admite esta operación.',
    en: 'This invoice is already voided, substituted or rectified and does not allow this.',
  },
  cannot_rectify_rectifying: {
    status: 409,
    es: 'Rectifique la factura original, no la rectificativa.',
    en: 'Rectify the original invoice, not the rectifying one.',
  },
  full_credit_after_rectification: {
    status: 409,
    es: 'La factura ya tiene rectificaciones: indique las líneas del abono.',
    en: 'The invoice already has rectifications: give the lines of the credit note.',
  },
  credit_exceeds_invoice: {
    status: 409,
    es: 'El abono supera el importe de la factura original.',
    en: 'The credit note is more than the original invoice.',
  },
  instalment_not_found: { status: 400, es: 'La factura no tiene ese vencimiento.', en: 'The invoice has no such instalment.' },
  vat_rate_unknown: { status: 400, es: 'Ese tipo de IVA no está en la tabla de tipos de IVA.', en: 'That VAT rate is not in the VAT rates table.' },
  not_zero: { status: 400, es: 'No puede ser cero.', en: 'Cannot be zero.' },
  rectification_zero: { status: 400, es: 'La rectificación no cambia el importe.', en: 'The rectification does not change the amount.' },
  series_must_differ: {
    status: 400,
    es: 'Las rectificativas llevan su propia serie, distinta de la de facturas.',
    en: 'Rectifying invoices need their own series, different from the invoices’.',
  },
  date_in_future: { status: 400, es: 'La fecha no puede ser futura.', en: 'The date cannot be in the future.' },
};
