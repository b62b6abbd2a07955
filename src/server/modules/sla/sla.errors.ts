import type { AreaError } from '../area.ts';

/** Error and field-error codes of the SLA area, with their status and texts. */
export const slaErrors: Record<string, AreaError> = {
  invalid_time_zone: { status: 400, es: 'Zona horaria desconocida (p. ej. Europe/Madrid, Atlantic/Canary)', en: 'Unknown time zone (e.g. Europe/Madrid, Atlantic/Canary)' },
  shift_order: { status: 400, es: 'El tramo debe acabar después de empezar', en: 'A shift must end after it starts' },
  shift_overlap: { status: 400, es: 'Los tramos del día se solapan', en: 'The shifts of the day overlap' },
  calendar_without_hours: { status: 400, es: 'El calendario necesita al menos un tramo de horario laborable', en: 'The calendar needs at least one shift of working hours' },
  calendar_default_required: {
    status: 409,
    es: 'Siempre debe haber un calendario por defecto: marca otro como predeterminado antes',
    en: 'There must always be a default calendar: make another one the default first',
  },
  calendar_in_use: {
    status: 409,
    es: (p) => `El calendario está en uso (${String(p.what ?? '')}) y no se puede borrar`,
    en: (p) => `The calendar is in use (${String(p.what ?? '')}) and cannot be deleted`,
  },
  holiday_exists: { status: 409, es: 'Ese día ya es festivo en este calendario', en: 'That day already is a holiday in this calendar' },
  unknown_holiday_region: {
    status: 400,
    es: 'La región no corresponde a ninguna comunidad autónoma (indica su código ISO en el atributo «región de festivos»)',
    en: 'The region matches no Spanish autonomous community (set its ISO code in the "holiday region" attribute)',
  },
  unknown_calendar: { status: 400, es: 'No existe ese calendario de servicio', en: 'No such service calendar' },
  duplicate_priority: { status: 400, es: 'Esa prioridad aparece dos veces', en: 'That priority is listed twice' },
};
