/** Error codes of the customers area with their HTTP status and Spanish and English texts, and the area's other texts. */
import type { AreaError, AreaText } from '../area.ts';

export const customersErrors = {
  invalid_postal_code: { status: 400, es: 'El código postal español tiene 5 dígitos (01000–52999).', en: 'A Spanish postal code has 5 digits (01000–52999).' },
  duplicate_phone: { status: 400, es: 'Este teléfono está repetido.', en: 'This phone number is repeated.' },
  customer_inactive: { status: 400, es: 'El cliente está dado de baja.', en: 'The customer is deactivated.' },

} satisfies Record<string, AreaError>;
