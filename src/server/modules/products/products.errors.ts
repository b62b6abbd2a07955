/** Error codes of the products area with their HTTP status and Spanish and English texts, and the area's other texts. */
import type { AreaError, AreaText } from '../area.ts';

export const productsErrors = {
  item_not_serialized: { status: 400, es: 'El artículo no lleva número de serie: no se pueden registrar unidades de él.', en: 'The item is not serialized: units cannot be registered for it.' },
  item_has_units: { status: 400, es: 'El artículo ya tiene unidades con número de serie.', en: 'The item already has serialized units.' },
  inactive_reference: { status: 400, es: 'El registro indicado está dado de baja.', en: 'The record referred to is deactivated.' },
  contract_other_customer: { status: 400, es: 'El contrato pertenece a otro cliente.', en: 'The contract belongs to another customer.' },
  contract_has_units: { status: 400, es: 'El contrato cubre unidades de este cliente: no se puede pasar a otro.', en: "The contract covers this customer's units: it cannot move to another customer." },
  warranty_before_sale: { status: 400, es: 'El fin de garantía no puede ser anterior a la fecha de venta.', en: 'The warranty end cannot be before the sale date.' },

} satisfies Record<string, AreaError>;
