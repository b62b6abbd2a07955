/** Error and field-error codes of the incidents area, with their HTTP status and es/en texts. */
import type { AreaError } from '../area.ts';

const STAGE_ES: Record<string, string> = { open: 'abierta', diagnosed: 'diagnosticada', resolved: 'resuelta', closed: 'cerrada' };
const STAGE_EN: Record<string, string> = { open: 'open', diagnosed: 'diagnosed', resolved: 'resolved', closed: 'closed' };
const MISSING_ES: Record<string, string> = {
  diagnosed: 'diagnosticarla primero',
  resolved: 'resolverla primero',
  diagnosis: 'el diagnóstico',
  solution: 'la solución',
  resolutionCode: 'el código de resolución general',
};
const MISSING_EN: Record<string, string> = {
  diagnosed: 'diagnosing it first',
  resolved: 'resolving it first',
  diagnosis: 'the diagnosis',
  solution: 'the solution',
  resolutionCode: 'the general resolution code',
};
const list = (names: Record<string, string>, p: Record<string, unknown>) => ((p.missing as string[] | undefined) ?? []).map((m) => names[m] ?? m).join(', ');

export const incidentErrors: Record<string, AreaError> = {
  incident_wrong_stage: {
    status: 409,
    es: (p) => `La incidencia está ${STAGE_ES[String(p.stage)] ?? p.stage}: ese paso ya no se puede dar.`,
    en: (p) => `The incident is ${STAGE_EN[String(p.stage)] ?? p.stage}: that step can no longer be taken.`,
  },
  incident_step_missing: {
    status: 409,
    es: (p) => `Falta: ${list(MISSING_ES, p)}.`,
    en: (p) => `Missing: ${list(MISSING_EN, p)}.`,
  },
  incident_closed: { status: 409, es: 'La incidencia está cerrada: reábrala para cambiarla.', en: 'The incident is closed: reopen it to change it.' },
  incident_not_closed: { status: 409, es: 'Solo se puede reabrir una incidencia resuelta o cerrada.', en: 'Only a resolved or closed incident can be reopened.' },
  received_in_future: { status: 400, es: 'La fecha de recepción no puede ser futura.', en: 'The received date cannot be in the future.' },
  incident_customer_required: { status: 400, es: 'Indique el cliente, un cliente nuevo o un número de serie que lo identifique.', en: 'Give the customer, a new customer or a serial number that identifies one.' },
  customer_or_new_customer: { status: 400, es: 'Indique un cliente existente o uno nuevo, no ambos.', en: 'Give an existing customer or a new one, not both.' },
  new_customer_contact_required: { status: 400, es: 'Indique un teléfono o un correo electrónico del cliente nuevo.', en: 'Give a phone number or an e-mail address of the new customer.' },
  unknown_serial: { status: 400, es: 'No hay ninguna unidad con ese número de serie.', en: 'There is no unit with that serial number.' },
  unit_not_of_customer: { status: 400, es: 'La unidad pertenece a otro cliente.', en: 'The unit belongs to another customer.' },
  specific_not_of_general: {
    status: 400,
    es: 'El código específico no pertenece al código general elegido.',
    en: 'The specific code does not belong to the chosen general code.',
  },
  general_code_expected: { status: 400, es: 'Elija un código general (no uno específico).', en: 'Choose a general code (not a specific one).' },
  incident_status_required: { status: 400, es: 'No hay una situación de incidencia por defecto: indique una.', en: 'There is no default incident status: give one.' },
  incident_priority_required: { status: 400, es: 'No hay una prioridad por defecto: indique una.', en: 'There is no default priority: give one.' },
  incident_event_type_required: { status: 400, es: 'No hay un tipo de evento por defecto: indique uno.', en: 'There is no default event type: give one.' },
  delegate_target_required: { status: 400, es: 'Indique el usuario o el grupo al que se delega.', en: 'Give the user or the group to delegate to.' },
  delegate_same_owner: { status: 409, es: 'La incidencia ya es de ese responsable.', en: 'The incident already belongs to that owner.' },
  invalid_quantity: { status: 400, es: 'Cantidad no válida: un número mayor que cero con hasta 3 decimales.', en: 'Invalid quantity: a number above zero with up to 3 decimals.' },
  incident_action_no_problem: { status: 400, es: 'La actividad no describe el problema: no se puede abrir la incidencia.', en: 'The activity does not describe the problem: the incident cannot be opened.' },
  supply_not_of_incident: { status: 404, es: 'Ese suministro no es de esta incidencia.', en: 'That supply line is not of this incident.' },
};
