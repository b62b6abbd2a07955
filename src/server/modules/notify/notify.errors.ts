/** Error codes of the notify area with their HTTP status and Spanish and English texts, and the area's other texts. */
import { defineErrors } from '../area.ts';

export const notifyErrors = defineErrors({
  email_not_failed: [409, 'Solo se puede reintentar un correo que ha fallado.', 'Only a failed e-mail can be retried.'],
});
