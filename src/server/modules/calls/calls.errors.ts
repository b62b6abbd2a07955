/** Error codes of the calls area with their HTTP status and Spanish and English texts, and the area's other texts. */
import { defineErrors, defineTexts } from '../area.ts';

export const callsErrors = defineErrors({
  call_from_required: [400, 'Indique de quién es la llamada: cliente, contacto, teléfono, CIF/NIF o número de serie (al menos uno).', 'Say who the call is from: customer, contact, phone, tax id or serial number (at least one).'],
  call_status_required: [400, 'No hay una situación «Habitual pendiente» configurada: elija la situación de la llamada.', 'No "default pending" call status is configured: choose the status of the call.'],
  call_destination_required: [400, 'Indique el usuario o el grupo al que va dirigida la llamada (o configure uno por defecto en Preferencias).', 'Choose the user or group the call is for (or set a default one in Preferences).'],
  contact_not_of_customer: [400, 'El contacto no pertenece a ese cliente.', 'The contact does not belong to that customer.'],
  call_finished_status_missing: [409, 'No hay una situación de llamada marcada como «Habitual finalizada»: márquela en Configuración › Situaciones de llamada para poder finalizar llamadas.', 'No call status is flagged "default finished": flag one in Settings › Call statuses to be able to finish calls.'],
  call_already_finished: [409, 'La llamada ya está finalizada.', 'The call is already finished.'],
  call_not_finished: [409, 'La llamada no está finalizada.', 'The call is not finished.'],
  call_reopen_supervisors_only: [403, 'Solo un supervisor puede reabrir una llamada finalizada (quien la finalizó puede deshacerlo durante un minuto).', 'Only a supervisor can reopen a finished call (whoever finished it can undo it for a minute).'],
  call_pending_status_missing: [409, 'No hay una situación de llamada marcada como «Habitual pendiente»: márquela en Configuración › Situaciones de llamada para poder reabrir llamadas.', 'No call status is flagged "default pending": flag one in Settings › Call statuses to be able to reopen calls.'],
  call_finished_cannot_postpone: [409, 'Una llamada finalizada no se puede aplazar.', 'A finished call cannot be postponed.'],
  postpone_not_future: [400, 'El aplazamiento debe ser hasta una fecha y hora futuras.', 'The call must be postponed to a future date and time.'],
  calls_bulk_refused: [409, (p) => `No se ha cambiado ninguna llamada: ${p.refused} de ${p.total} no lo permiten (se indican abajo).`, (p) => `No call was changed: ${p.refused} of ${p.total} do not allow it (listed below).`],
  supervisors_only: [400, 'Solo un supervisor puede ver las llamadas de todos.', 'Only a supervisor can see everyone’s calls.'],
});

/** Texts of e-mails, notices and timeline entries. */
export const callsTexts = defineTexts({
  call_feed_title: ['Llamada entrante', 'Incoming call'],
});
