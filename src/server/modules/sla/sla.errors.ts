import { defineErrors } from '../area.ts';

/** Error and field-error codes of the SLA area, with their status and texts. */
export const slaErrors = defineErrors({
  invalid_time_zone: [400, 'Zona horaria desconocida (p. ej. Europe/Madrid, Atlantic/Canary)', 'Unknown time zone (e.g. Europe/Madrid, Atlantic/Canary)'],
  shift_order: [400, 'El tramo debe acabar después de empezar', 'A shift must end after it starts'],
  shift_overlap: [400, 'Los tramos del día se solapan', 'The shifts of the day overlap'],
  calendar_without_hours: [400, 'El calendario necesita al menos un tramo de horario laborable', 'The calendar needs at least one shift of working hours'],
  calendar_default_required: [409, 'Siempre debe haber un calendario por defecto: marca otro como predeterminado antes', 'There must always be a default calendar: make another one the default first'],
  calendar_in_use: [409, (p) => `El calendario está en uso (${String(p.what ?? '')}) y no se puede borrar`, (p) => `The calendar is in use (${String(p.what ?? '')}) and cannot be deleted`],
  holiday_exists: [409, 'Ese día ya es festivo en este calendario', 'That day already is a holiday in this calendar'],
  unknown_holiday_region: [400, 'La región no corresponde a ninguna comunidad autónoma (indica su código ISO en el atributo «región de festivos»)', 'The region matches no Spanish autonomous community (set its ISO code in the "holiday region" attribute)'],
  unknown_calendar: [400, 'No existe ese calendario de servicio', 'No such service calendar'],
  duplicate_priority: [400, 'Esa prioridad aparece dos veces', 'That priority is listed twice'],
});
