/** Error codes of the customers area with their HTTP status and Spanish and English texts, and the area's other texts. */
import { defineErrors } from '../area.ts';

export const customersErrors = defineErrors({
  invalid_postal_code: [400, 'El código postal español tiene 5 dígitos (01000–52999).', 'A Spanish postal code has 5 digits (01000–52999).'],
  duplicate_phone: [400, 'Este teléfono está repetido.', 'This phone number is repeated.'],
  customer_inactive: [400, 'El cliente está dado de baja.', 'The customer is deactivated.'],
});
