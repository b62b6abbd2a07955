/**
 * An incident's SLA clocks counting down in business time ("3 h 20 min hábiles"), the exact local
 * deadline on hover, paused clocks greyed with since when. Other areas (the incident page) embed
 * `<IncidentSlaClocks incidentId>`.
 */
import { Group, Stack, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime, useFormat } from '../app/format.ts';
import { StatusBadge } from '../ui/badges.tsx';
import { type IncidentClock, useIncidentSla } from './queries.ts';

/** 200 → "3 h 20 min"; 45 → "45 min". */
export function businessDuration(minutes: number): string {
  const m = Math.abs(Math.round(minutes));
  const h = Math.floor(m / 60);
  const rest = m % 60;
  if (!h) return `${rest} min`;
  return rest ? `${h} h ${rest} min` : `${h} h`;
}

const TONE: Record<IncidentClock['status'], 'green' | 'orange' | 'red' | 'gray' | 'teal'> = {
  on_time: 'green',
  at_risk: 'orange',
  breached: 'red',
  paused: 'gray',
  met: 'green',
  missed: 'red',
};

export function ClockStatusBadge({ clock }: { clock: IncidentClock }) {
  const { t } = useTranslation('sla');
  return <StatusBadge tone={TONE[clock.status]}>{t(`clock.status.${clock.status}`)}</StatusBadge>;
}

/** "3 h 20 min hábiles" / "Vencido hace 40 min hábiles" / "En pausa desde …", the exact deadline on hover. */
export function ClockCountdown({ clock }: { clock: IncidentClock }) {
  const { t } = useTranslation('sla');
  const { language, dateTime } = useFormat();
  if (clock.state === 'paused') {
    return (
      <Text size="sm" c="dimmed" data-testid={`clock-${clock.target}`}>
        {t('clock.paused', { since: dateTime(clock.pausedSince) })}
      </Text>
    );
  }
  if (clock.state === 'stopped') {
    return (
      <Text size="sm" c="dimmed" data-testid={`clock-${clock.target}`}>
        {t(clock.status === 'met' ? 'clock.met' : 'clock.missed')} · {dateTime(clock.stoppedAt)}
      </Text>
    );
  }
  const text = clock.remainingMinutes >= 0 ? t('clock.left', { time: businessDuration(clock.remainingMinutes) }) : t('clock.overdue', { time: businessDuration(clock.remainingMinutes) });
  return (
    <Tooltip label={t('clock.due', { date: formatDateTime(clock.dueAt, language, clock.timeZone), zone: clock.timeZone })}>
      <Text size="sm" fw={600} c={clock.status === 'breached' ? 'red.9' : undefined} data-testid={`clock-${clock.target}`} tabIndex={0}>
        {text}
      </Text>
    </Tooltip>
  );
}

export function IncidentSlaClocks({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation('sla');
  const sla = useIncidentSla(incidentId);
  if (!sla.data) return null;
  if (!sla.data.clocks.length) return <Text c="dimmed">{t('clock.none')}</Text>;
  return (
    <Stack gap="xs" aria-label={t('clock.title')}>
      {sla.data.clocks.map((c) => (
        <Group key={c.target} justify="space-between" wrap="nowrap" opacity={c.state === 'paused' ? 0.75 : 1}>
          <Stack gap={0}>
            <Text size="sm">{t(`clock.${c.target}`)}</Text>
            <Text size="xs" c="dimmed">
              {t('clock.calendar', { name: c.calendarName })}
            </Text>
          </Stack>
          <Stack gap={2} align="flex-end">
            <ClockStatusBadge clock={c} />
            <ClockCountdown clock={c} />
          </Stack>
        </Group>
      ))}
    </Stack>
  );
}
