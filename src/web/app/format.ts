/**
 * Dates, numbers and money in the user's language and time zone. Spanish shows `22/11/2026 14:05`
 * and `1.234,56 €`; English uses British day/month order and a 24-hour clock, as a Spanish company's
 * English-speaking staff expect. Pure functions (locale, time zone in) plus `useFormat()` bound
 * to the logged-in user.
 */
import { useTranslation } from 'react-i18next';
import { useAuth } from './auth.tsx';

export const DEFAULT_TIME_ZONE = 'Europe/Madrid';

const intlLocale = (language: string) => (language === 'en' ? 'en-GB' : 'es-ES');

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

function parts(value: string | Date, language: string, timeZone: string) {
  const date = typeof value === 'string' ? new Date(value) : value;
  const f = cached(`dt|${language}|${timeZone}`, () =>
    new Intl.DateTimeFormat(intlLocale(language), { timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
  ) as Intl.DateTimeFormat;
  const p = Object.fromEntries(f.formatToParts(date).map((x) => [x.type, x.value]));
  return { day: p.day, month: p.month, year: p.year, hour: p.hour, minute: p.minute };
}

/** An instant as `22/11/2026 14:05` in the time zone. */
export function formatDateTime(value: string | Date | null | undefined, language: string, timeZone: string): string {
  if (!value) return '';
  const d = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return '';
  const p = parts(d, language, timeZone);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** A calendar date `YYYY-MM-DD` (no time zone shift) or an instant's local date, as `22/11/2026`. */
export function formatDate(value: string | Date | null | undefined, language: string, timeZone: string): string {
  if (!value) return '';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-');
    return `${d}/${m}/${y}`;
  }
  const d = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return '';
  const p = parts(d, language, timeZone);
  return `${p.day}/${p.month}/${p.year}`;
}

/** "hace 2 h", "en 3 días", "2 h ago"; `now` is injectable for tests. */
export function formatRelative(value: string | Date | null | undefined, language: string, now: Date = new Date()): string {
  if (!value) return '';
  const d = typeof value === 'string' ? new Date(value) : value;
  const seconds = Math.round((d.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  // Short for minutes and hours ("hace 2 h"); long from days on, where "hace 3 d" reads badly.
  const short = cached(`rel|${language}`, () => new Intl.RelativeTimeFormat(intlLocale(language), { numeric: 'always', style: 'short' })) as Intl.RelativeTimeFormat;
  const long = cached(`rell|${language}`, () => new Intl.RelativeTimeFormat(intlLocale(language), { numeric: 'auto', style: 'long' })) as Intl.RelativeTimeFormat;
  if (abs < 45) return language === 'en' ? 'just now' : 'ahora mismo';
  if (abs < 3600) return short.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return short.format(Math.round(seconds / 3600), 'hour');
  if (abs < 86_400 * 30) return long.format(Math.round(seconds / 86_400), 'day');
  if (abs < 86_400 * 365) return long.format(Math.round(seconds / (86_400 * 30)), 'month');
  return long.format(Math.round(seconds / (86_400 * 365)), 'year');
}

export function formatNumber(value: number | null | undefined, language: string, opts: Intl.NumberFormatOptions = {}): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '';
  const key = `num|${language}|${JSON.stringify(opts)}`;
  // `always`: Spanish would otherwise write 1234 without the thousands point.
  return (cached(key, () => new Intl.NumberFormat(intlLocale(language), { useGrouping: 'always', ...opts } as Intl.NumberFormatOptions)) as Intl.NumberFormat).format(value);
}

/** Integer cents as money: 123456 → `1.234,56 €` (es) / `€1,234.56` (en). */
export function formatMoney(cents: number | null | undefined, language: string, currency = 'EUR'): string {
  if (cents === null || cents === undefined) return '';
  return formatNumber(cents / 100, language, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** Basis points as a percentage: 2100 → `21 %` (es) / `21%` (en). */
export function formatPercent(basisPoints: number | null | undefined, language: string): string {
  if (basisPoints === null || basisPoints === undefined) return '';
  return formatNumber(basisPoints / 10_000, language, { style: 'percent', maximumFractionDigits: 2 });
}

/** Today's date `YYYY-MM-DD` in the time zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  const f = cached(`iso|${timeZone}`, () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })) as Intl.DateTimeFormat;
  return f.format(now);
}

/** Formatting functions bound to the user's language and time zone. */
export function useFormat() {
  const { i18n } = useTranslation();
  const { user } = useAuth();
  const language = i18n.language;
  const timeZone = user?.timeZone || DEFAULT_TIME_ZONE;
  return {
    language,
    timeZone,
    dateTime: (v: string | Date | null | undefined) => formatDateTime(v, language, timeZone),
    date: (v: string | Date | null | undefined) => formatDate(v, language, timeZone),
    relative: (v: string | Date | null | undefined) => formatRelative(v, language),
    number: (v: number | null | undefined, opts?: Intl.NumberFormatOptions) => formatNumber(v, language, opts),
    money: (cents: number | null | undefined) => formatMoney(cents, language),
    percent: (bp: number | null | undefined) => formatPercent(bp, language),
    today: () => todayIn(timeZone),
  };
}
