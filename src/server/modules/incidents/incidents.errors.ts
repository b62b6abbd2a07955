/** Error and field-error codes of the incidents area, with their HTTP status and es/en texts. */
import { defineErrors } from '../area.ts';

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

export const incidentErrors = defineErrors({
  incident_wrong_stage: [409, (p) => `La incidencia está ${STAGE_ES[String(p.stage)] ?? p.stage}: ese paso ya no se puede dar.`, (p) => `The incident is ${STAGE_EN[String(p.stage)] ?? p.stage}: that step can no longer be taken.`],
  incident_step_missing: [409, (p) => `Falta: ${list(MISSING_ES, p)}.`, (p) => `Missing: ${list(MISSING_EN, p)}.`],
  incident_closed: [409, 'La incidencia está cerrada: reábrala para cambiarla.', 'The incident is closed: reopen it to change it.'],
  incident_not_closed: [409, 'Solo se puede reabrir una incidencia resuelta o cerrada.', 'Only a resolved or closed incident can be reopened.'],
  received_in_future: [400, 'La fecha de recepción no puede ser futura.', 'The received date cannot be in the future.'],
  incident_customer_required: [400, 'Indique el cliente, un cliente nuevo o un número de serie que lo identifique.', 'Give the customer, a new customer or a serial number that identifies one.'],
  customer_or_new_customer: [400, 'Indique un cliente existente o uno nuevo, no ambos.', 'Give an existing customer or a new one, not both.'],
  new_customer_contact_required: [400, 'Indique un teléfono o un correo electrónico del cliente nuevo.', 'Give a phone number or an e-mail address of the new customer.'],
  unknown_serial: [400, 'No hay ninguna unidad con ese número de serie.', 'There is no unit with that serial number.'],
  unit_not_of_customer: [400, 'La unidad pertenece a otro cliente.', 'The unit belongs to another customer.'],
  specific_not_of_general: [400, 'El código específico no pertenece al código general elegido.', 'The specific code does not belong to the chosen general code.'],
  general_code_expected: [400, 'Elija un código general (no uno específico).', 'Choose a general code (not a specific one).'],
  incident_status_required: [400, 'No hay una situación de incidencia por defecto: indique una.', 'There is no default incident status: give one.'],
  incident_priority_required: [400, 'No hay una prioridad por defecto: indique una.', 'There is no default priority: give one.'],
  incident_event_type_required: [400, 'No hay un tipo de evento por defecto: indique uno.', 'There is no default event type: give one.'],
  delegate_target_required: [400, 'Indique el usuario o el grupo al que se delega.', 'Give the user or the group to delegate to.'],
  delegate_same_owner: [409, 'La incidencia ya es de ese responsable.', 'The incident already belongs to that owner.'],
  invalid_quantity: [400, 'Cantidad no válida: un número mayor que cero con hasta 3 decimales.', 'Invalid quantity: a number above zero with up to 3 decimals.'],
  incident_action_no_problem: [400, 'La actividad no describe el problema: no se puede abrir la incidencia.', 'The activity does not describe the problem: the incident cannot be opened.'],
  supply_not_of_incident: [404, 'Ese suministro no es de esta incidencia.', 'That supply line is not of this incident.'],
});
