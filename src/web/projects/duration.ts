/**
 * Durations as people type them: "90", "1:30", "1h30", "1 h 30 min", "1,5", "1.5h", "45m".
 * A bare number up to 12 is hours with decimals ("1,5" = 90 min) only when it has a decimal
 * separator; a bare whole number is minutes. Pure, so it is tested on its own.
 */
export function parseDuration(input: string): number | null {
  const s = input.trim().toLowerCase().replace(/\s+/g, ' ');
  if (!s) return null;
  let m: RegExpMatchArray | null;
  if ((m = s.match(/^(\d{1,2}):([0-5]\d)$/))) return Number(m[1]) * 60 + Number(m[2]);
  if ((m = s.match(/^(\d+)$/))) return Number(m[1]);
  if ((m = s.match(/^(\d+) ?h ?([0-5]?\d)$/))) return Number(m[1]) * 60 + Number(m[2]);
  if ((m = s.match(/^(\d+)[.,](\d+) ?(h|horas?|hours?)?$/))) return Math.round(Number(`${m[1]}.${m[2]}`) * 60);
  if ((m = s.match(/^(?:(\d+) ?(?:h|horas?|hours?))? ?(?:(\d+) ?(?:m|min|mins|minutos?|minutes?))?$/)) && (m[1] || m[2])) {
    return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
  }
  return null;
}

/** 90 → "1 h 30 min", 45 → "45 min", 120 → "2 h". */
export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const r = minutes % 60;
  if (!h) return `${r} min`;
  return r ? `${h} h ${r} min` : `${h} h`;
}

/** Minutes as hours with two decimals in the language's number format: 90 → "1,50". */
export function formatHours(minutes: number, language: string): string {
  return new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'es-ES', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(minutes / 60);
}
