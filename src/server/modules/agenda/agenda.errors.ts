/** Error codes of the agenda area with their HTTP status and Spanish and English texts, and the area's other texts. */
import { defineErrors, defineTexts } from '../area.ts';

export const agendaErrors = defineErrors({});

/** Texts of e-mails, notices and timeline entries. */
export const agendaTexts = defineTexts({
  agenda_callback: ['Llamada pendiente', 'Pending call-back'],
  agenda_other: ['Evento', 'Event'],
});
