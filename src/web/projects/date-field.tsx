/**
 * A calendar date field shown and typed as 22/11/2026 (both languages, as a Spanish company
 * writes dates), with a calendar on click; the value is `YYYY-MM-DD` or null.
 */
import { DateInput, type DateInputProps } from '@mantine/dates';

/** "22/11/2026", "22-11-26", "2026-11-22" → "2026-11-22"; anything else → null. Pure. */
export function parseDateText(text: string): string | null {
  const s = text.trim();
  let m = s.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/);
  let y: number;
  let mo: number;
  let d: number;
  if (m) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else {
    m = s.match(/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/);
    if (!m) return null;
    [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (y < 100) y += 2000;
  }
  const iso = `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : null;
}

export function DateField(props: Omit<DateInputProps, 'value' | 'onChange'> & { value: string | null; onChange: (value: string | null) => void }) {
  const { value, onChange, ...rest } = props;
  return (
    <DateInput
      valueFormat="DD/MM/YYYY"
      placeholder="dd/mm/aaaa"
      dateParser={(text) => parseDateText(text)}
      popoverProps={{ withinPortal: true }}
      {...rest}
      value={value || null}
      onChange={(v) => onChange(v ? String(v).slice(0, 10) : null)}
    />
  );
}
