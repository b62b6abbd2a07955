/** Error codes of the calls area with their HTTP status and Spanish and English texts, and the area's other texts. */
import type { AreaError, AreaText } from '../area.ts';

export const callsErrors = {
  call_from_required: {
    status: 400,
    es: 'Indique de quién es la llamada: cliente, contacto, teléfono, CIF/NIF o número de serie (al menos uno).',
    en: 'Say who the call is from: customer, contact, phone, tax id or serial number (at least one).',
  },
  call_status_required: {
    status: 400,
    es: 'No hay una situación «Habitual pendiente» configurada: elija la situación de la llamada.',
    en: 'No "default pending" call status is configured: choose the status of the call.',
  },
  call_destination_required: {
    status: 400,
    es: 'Indique el usuario o el grupo al que va dirigida la llamada (o configure uno por defecto en Preferencias).',
    en: 'Choose the user or group the call is for (or set a default one in Preferences).',
  },
  contact_not_of_customer: { status: 400, es: 'El contacto no pertenece a ese cliente.', en: 'The contact does not belong to that customer.' },
  call_finished_status_missing: {
    status: 409,
    es: 'No hay una situación de llamada marcada como «Habitual finalizada»: márquela en Configuración › Situaciones de llamada para poder finalizar llamadas.',
    en: 'No call status is flagged "default finished": flag one in Settings › Call statuses to be able to finish calls.',
  },
  call_already_finished: { status: 409, es: 'La llamada ya está finalizada.', en: 'The call is already finished.' },
  call_not_finished: { status: 409, es: 'La llamada no está finalizada.', en: 'The call is not finished.' },
  call_reopen_supervisors_only: {
    status: 403,
    es: 'Solo un supervisor puede reabrir una llamada finalizada (quien la finalizó puede deshacerlo durante un minuto).',
    en: 'Only a supervisor can reopen a finished call (whoever finished it can undo it for a minute).',
  },
  call_pending_status_missing: {
    status: 409,
    es: 'No hay una situación de llamada marcada como «Habitual pendiente»: márquela en Configuración › Situaciones de llamada para poder reabrir llamadas.',
    en: 'No call status is flagged "default pending": flag one in Settings › Call statuses to be able to reopen calls.',
  },
  call_finished_cannot_postpone: { status: 409, es: 'Una llamada finalizada no se puede aplazar.', en: 'A finished call cannot be postponed.' },
  postpone_not_future: { status: 400, es: 'El aplazamiento debe ser hasta una fecha y hora futuras.', en: 'The call must be postponed to a future date and time.' },
  supervisors_only: { status: 400, es: 'Solo un supervisor puede ver las llamadas de todos.', en: 'Only a supervisor can see everyone’s calls.' },
} satisfies Record<string, AreaError>;

/** Texts of e-mails, notices and timeline entries. */
export const callsTexts = {
  call_feed_title: { es: 'Llamada entrante', en: 'Incoming call' },

} satisfies Record<string, AreaText>;
