/** Error codes of the agenda area with their HTTP status and Spanish and English texts, and the area's other texts. */
import type { AreaError, AreaText } from '../area.ts';

export const agendaErrors = {

} satisfies Record<string, AreaError>;

/** Texts of e-mails, notices and timeline entries. */
export const agendaTexts = {
  agenda_callback: { es: 'Llamada pendiente', en: 'Pending call-back' },
  agenda_other: { es: 'Evento', en: 'Event' },

} satisfies Record<string, AreaText>;
