/** Error codes of the reports area, with their HTTP status and Spanish and English texts. */
import type { AreaError } from '../area.ts';

export const reportsErrors: Record<string, AreaError> = {
  report_filter_not_applicable: {
    status: 400,
    es: (p) => `Este informe${p.report ? ` («${String(p.report)}»)` : ''} no admite este filtro.`,
    en: (p) => `This report${p.report ? ` ("${String(p.report)}")` : ''} does not take this filter.`,
  },
  report_column_unknown: {
    status: 400,
    es: (p) => `Columna desconocida${p.value ? ` «${String(p.value)}»` : ''}. Columnas posibles: ${String(p.values ?? '')}.`,
    en: (p) => `Unknown column${p.value ? ` "${String(p.value)}"` : ''}. Possible columns: ${String(p.values ?? '')}.`,
  },
};
