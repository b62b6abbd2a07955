/** Error codes of the products area with their HTTP status and Spanish and English texts, and the area's other texts. */
import { defineErrors } from '../area.ts';

export const productsErrors = defineErrors({
  item_not_serialized: [400, 'El artículo no lleva número de serie: no se pueden registrar unidades de él.', 'The item is not serialized: units cannot be registered for it.'],
  item_has_units: [400, 'El artículo ya tiene unidades con número de serie.', 'The item already has serialized units.'],
  inactive_reference: [400, 'El registro indicado está dado de baja.', 'The record referred to is deactivated.'],
  contract_other_customer: [400, 'El contrato pertenece a otro cliente.', 'The contract belongs to another customer.'],
  contract_has_units: [400, 'El contrato cubre unidades de este cliente: no se puede pasar a otro.', "The contract covers this customer's units: it cannot move to another customer."],
  warranty_before_sale: [400, 'El fin de garantía no puede ser anterior a la fecha de venta.', 'The warranty end cannot be before the sale date.'],
});
