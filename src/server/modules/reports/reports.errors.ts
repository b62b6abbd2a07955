/** Error codes of the reports area, with their HTTP status and Spanish and English texts. */
import { defineErrors } from '../area.ts';

export const reportsErrors = defineErrors({
  report_filter_not_applicable: [400, (p) => `Este informe${p.report ? ` («${String(p.report)}»)` : ''} no admite este filtro.`, (p) => `This report${p.report ? ` ("${String(p.report)}")` : ''} does not take this filter.`],
  report_column_unknown: [400, (p) => `Columna desconocida${p.value ? ` «${String(p.value)}»` : ''}. Columnas posibles: ${String(p.values ?? '')}.`, (p) => `Unknown column${p.value ? ` "${String(p.value)}"` : ''}. Possible columns: ${String(p.values ?? '')}.`],
});
