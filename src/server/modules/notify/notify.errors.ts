/** Error codes of the notify area with their HTTP status and Spanish and English texts, and the area's other texts. */
import type { AreaError, AreaText } from '../area.ts';

export const notifyErrors = {
  email_not_failed: { status: 409, es: 'Solo se puede reintentar un correo que ha fallado.', en: 'Only a failed e-mail can be retried.' },

} satisfies Record<string, AreaError>;
