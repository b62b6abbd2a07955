/**
 * What every report definition uses: its type, the language helper, catalog labels and the
 * statistics note. Kept apart from reports.service.ts so definitions and the service do not
 * import each other.
 */
import type { Ctx } from '../../context.ts';
import type { Locale } from '../../i18n/messages.ts';
import type { CatalogName } from '../../../shared/catalogs.ts';
import type { Permission } from '../../../shared/roles.ts';
import type { ReportFigure, ReportFilterName, ReportQuery, ReportTable } from '../../../shared/reports.ts';
import { listEntries } from '../catalogs/catalogs.service.ts';
import type { Filters } from './reports.repository.ts';

export type { Filters };

/** What a report definition builds; the framework adds the name, title, period and filters. */
export type ReportBody = { figures: ReportFigure[]; tables: ReportTable[]; notes?: string[]; extra?: Record<string, unknown> };

export type ReportDefinition = {
  name: string;
  title: { es: string; en: string };
  description: { es: string; en: string };
  /** Filters this report takes besides format/table; any other is refused. */
  filters: ReportFilterName[];
  /** Values `groupBy` may take (the first is the default). */
  groupBy?: string[];
  printable: boolean;
  /** Who may run it besides `reports.read` (the list hides it from others; a scheduled one is refused). */
  permission?: Permission;
  /** The period when none is given; default the current month up to today. */
  defaultPeriod?: (q: ParsedQuery, today: string) => { from: string | null; to: string | null };
  build: (ctx: Ctx, f: Filters, q: ParsedQuery) => Promise<ReportBody>;
};

/** The query as the routes hand it over (format and table already taken out). */
export type ParsedQuery = Omit<ReportQuery, 'format' | 'table'> & { projectId?: string; userId?: string };

export const tr = (ctx: Pick<Ctx, 'locale'>) => (es: string, en: string) => (ctx.locale === 'en' ? en : es);

export function userTimeZone(ctx: Ctx): string {
  return ctx.actor.timeZone || ctx.config.defaultTimeZone || 'Europe/Madrid';
}

/** The current month up to today. */
export function currentMonth(today: string) {
  return { from: `${today.slice(0, 7)}-01`, to: today };
}

export function caseTypeLabel(locale: Locale, caseType: string): string {
  const labels: Record<string, [string, string]> = { warranty: ['Garantía', 'Warranty'], courtesy: ['Cortesía', 'Courtesy'], billable: ['Facturable', 'Billable'] };
  const l = labels[caseType];
  return l ? (locale === 'en' ? l[1] : l[0]) : caseType;
}

/** "CODE — description" of a catalog's codes, in the caller's language; unknown codes as they are. */
export async function catalogLabeller(ctx: Ctx, catalog: CatalogName): Promise<(code: string | null) => string> {
  const entries = await listEntries(ctx, catalog);
  const map = new Map(entries.map((e) => [e.code, ctx.locale === 'en' ? e.descriptionEn : e.descriptionEs]));
  const none = tr(ctx)('(sin indicar)', '(not given)');
  return (code) => (code === null ? none : map.has(code) ? `${code} — ${map.get(code)}` : code);
}

/** The note every report with medians and percentiles carries. */
export function statisticsNote(ctx: Ctx): string {
  return tr(ctx)(
    'Mediana: el valor central de los tiempos ordenados (con un número par, la media de los dos centrales). P90 (percentil 90, rango más cercano): el tiempo en la posición ⌈0,9·n⌉ de los tiempos ordenados, es decir, el menor tiempo que alcanza o supera al 90 % de los casos.',
    'Median: the middle of the sorted times (with an even count, the mean of the two middle ones). P90 (90th percentile, nearest rank): the time at position ⌈0.9·n⌉ of the sorted times, i.e. the smallest time that at least 90 % of the cases do not exceed.',
  );
}
