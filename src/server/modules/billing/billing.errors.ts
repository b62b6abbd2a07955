/** Error and field-error codes of the billing area, with their HTTP status and texts (manifest `errors`). */
import { defineErrors } from '../area.ts';

const money = (p: Record<string, unknown>) => String(p.outstanding ?? '');

export const billingErrors = defineErrors({
  billing_not_configured: [409, 'Faltan los datos de la empresa (razón social, NIF, series): un administrador debe completarlos en Facturación › Empresa antes de facturar.', 'The company data (legal name, tax id, series) is missing: an administrator must fill it in under Billing › Company before invoicing.'],
  invoice_immutable: [409, 'Una factura emitida no se puede modificar ni borrar: emita una factura rectificativa.', 'An issued invoice cannot be changed or deleted: issue a rectifying invoice.'],
  customer_tax_id_required: [409, 'El cliente no tiene un NIF válido: solo se admite factura simplificada hasta 400 €. Complete el NIF del cliente.', 'The customer has no valid tax id: only a simplified invoice up to €400 is allowed. Fill in the customer’s tax id.'],
  payment_exceeds_due: [409, (p) => `El cobro supera lo pendiente de la factura (${money(p).replace('.', ',')} €).`, (p) => `The payment is more than what is due on the invoice (€${money(p)}).`],
  payment_exceeds_instalment: [409, 'El cobro supera lo pendiente de ese vencimiento.', 'The payment is more than what is due on that instalment.'],
  reversal_exceeds_paid: [409, 'No se puede anular más de lo cobrado.', 'Cannot reverse more than was paid.'],
  payment_zero: [409, 'El importe no puede ser cero.', 'The amount cannot be zero.'],
  payment_already_reversed: [409, 'Ese cobro ya está anulado.', 'That payment is already reversed.'],
  payment_is_reversal: [409, 'Una anulación de cobro no se puede anular.', 'A reversal cannot be reversed.'],
  invoice_not_collectable: [409, 'Esta factura no admite cobros (anulada, sustituida o rectificativa por diferencias: se cobra en la original).', 'This invoice takes no payments (voided, substituted, or a rectification by differences: collect on the original).'],
  invoice_already_voided: [409, 'La factura ya está anulada.', 'The invoice is already voided.'],
  invoice_has_payments: [409, 'La factura tiene cobros: anúlelos primero o emita una rectificativa por diferencias.', 'The invoice has payments: reverse them first or issue a rectifying invoice by differences.'],
  invoice_not_rectifiable: [409, 'Esta factura ya está anulada, sustituida o rectificada y no admite esta operación.', 'This invoice is already voided, substituted or rectified and does not allow this.'],
  cannot_rectify_rectifying: [409, 'Rectifique la factura original, no la rectificativa.', 'Rectify the original invoice, not the rectifying one.'],
  full_credit_after_rectification: [409, 'La factura ya tiene rectificaciones: indique las líneas del abono.', 'The invoice already has rectifications: give the lines of the credit note.'],
  credit_exceeds_invoice: [409, 'El abono supera el importe de la factura original.', 'The credit note is more than the original invoice.'],
  instalment_not_found: [400, 'La factura no tiene ese vencimiento.', 'The invoice has no such instalment.'],
  vat_rate_unknown: [400, 'Ese tipo de IVA no está en la tabla de tipos de IVA.', 'That VAT rate is not in the VAT rates table.'],
  not_zero: [400, 'No puede ser cero.', 'Cannot be zero.'],
  rectification_zero: [400, 'La rectificación no cambia el importe.', 'The rectification does not change the amount.'],
  series_must_differ: [400, 'Las rectificativas llevan su propia serie, distinta de la de facturas.', 'Rectifying invoices need their own series, different from the invoices’.'],
  date_in_future: [400, 'La fecha no puede ser futura.', 'The date cannot be in the future.'],
});
