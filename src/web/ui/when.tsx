/** Instants show "hace 2 h" with the exact local time on hover (and to screen readers). */
import { Text, type TextProps, Tooltip } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useFormat } from '../app/format.ts';

/** Re-render every minute so "hace 2 min" keeps moving. */
function useMinuteTick() {
  const [, setTick] = useState(0);
  useEffect(() => {
    const id = window.setInterval(() => setTick((n) => n + 1), 60_000);
    return () => window.clearInterval(id);
  }, []);
}

export function When({ value, exact = false, ...rest }: { value: string | null | undefined; exact?: boolean } & TextProps) {
  const f = useFormat();
  useMinuteTick();
  if (!value) return <Text span c="dimmed" {...rest}>—</Text>;
  const full = f.dateTime(value);
  return (
    <Tooltip label={exact ? f.relative(value) : full} openDelay={200}>
      <Text span {...rest}>
        <time dateTime={value} title={full} aria-label={full}>
          {exact ? full : f.relative(value)}
        </time>
      </Text>
    </Tooltip>
  );
}

/** A calendar date (YYYY-MM-DD) as 22/11/2026. */
export function DateText({ value, ...rest }: { value: string | null | undefined } & TextProps) {
  const f = useFormat();
  if (!value) return <Text span c="dimmed" {...rest}>—</Text>;
  return (
    <Text span {...rest}>
      <time dateTime={value}>{f.date(value)}</time>
    </Text>
  );
}
