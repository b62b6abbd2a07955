/** Service calendars: the list, and one calendar's week grid of working hours and its holidays per year. */
import { ActionIcon, Alert, Button, Card, Group, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { WEEKDAYS, type WeekHm } from '../../shared/service-calendars.ts';
import { useCan } from '../app/auth.tsx';
import { useFormat } from '../app/format.ts';
import { StatusBadge } from '../ui/badges.tsx';
import { LoadError, notifyError, notifySuccess, PageLoader } from '../ui/feedback.tsx';
import { Icon } from '../ui/icons.tsx';
import { EmptyHint, RemoveIconButton } from '../ui/list.tsx';
import { NewButton, PageHeader, Section } from '../ui/page.tsx';
import { useApiForm } from '../ui/use-api-form.ts';
import { addHoliday, type ServiceCalendar, saveCalendar, slaKeys, useCalendar, useCalendars, useDeleteCalendar, useHolidayMutations, useHolidays } from './queries.ts';
import { useQueryClient } from '@tanstack/react-query';
import { useCatalog } from '../ui/catalogs.tsx';

const SPLIT = [
  { from: '08:00', to: '14:00' },
  { from: '15:30', to: '18:30' },
];
const OFFICE: WeekHm = [SPLIT, SPLIT, SPLIT, SPLIT, SPLIT, [], []];
const ALL_DAY: WeekHm = Array.from({ length: 7 }, () => [{ from: '00:00', to: '24:00' }]);
const ZONES = ['Europe/Madrid', 'Atlantic/Canary'] as const;

export function CalendarsListPage() {
  const { t } = useTranslation('sla');
  const calendars = useCalendars();
  const canWrite = useCan('catalogs.write');
  return (
    <>
      <PageHeader title={t('calendars.title')} subtitle={t('calendars.subtitle')} actions={canWrite && <NewButton label={t('calendars.new')} to="/service-calendars/new" />} />
      {calendars.isPending && <PageLoader />}
      {calendars.isError && <LoadError error={calendars.error} onRetry={() => void calendars.refetch()} />}
      {calendars.isSuccess && !calendars.data.length && <EmptyHint title={t('calendars.empty')} />}
      {calendars.isSuccess && calendars.data.length > 0 && (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {calendars.data.map((c) => (
            <Card key={c.id} withBorder component={Link} to={`/service-calendars/${c.id}`} padding="md">
              <Group justify="space-between" wrap="nowrap">
                <Text fw={600}>{c.name}</Text>
                {c.isDefault && <StatusBadge tone="blue">{t('calendars.default')}</StatusBadge>}
              </Group>
              <Text size="sm" c="dimmed">
                {c.timeZone}
              </Text>
              <WeekSummary week={c.week} />
              <Text size="sm" mt={4}>
                {t('calendars.weekly', { hours: Math.round((c.weeklyMinutes / 60) * 10) / 10 })}
              </Text>
            </Card>
          ))}
        </SimpleGrid>
      )}
    </>
  );
}

function WeekSummary({ week }: { week: WeekHm }) {
  const { t } = useTranslation('sla');
  return (
    <Table fz="xs" mt="xs" verticalSpacing={2} withRowBorders={false}>
      <Table.Tbody>
        {week.map((day, i) => (
          <Table.Tr key={WEEKDAYS[i]}>
            <Table.Td w={90}>{t(`calendars.days.${WEEKDAYS[i]}`)}</Table.Td>
            <Table.Td c={day.length ? undefined : 'dimmed'}>{day.length ? day.map((s) => `${s.from}–${s.to}`).join(', ') : t('calendars.closed')}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function CalendarPage() {
  const { id } = useParams();
  const isNew = id === 'new';
  const calendar = useCalendar(isNew ? undefined : id);
  const { t } = useTranslation('sla');
  if (!isNew && calendar.isPending) return <PageLoader />;
  if (!isNew && calendar.isError) return <LoadError error={calendar.error} onRetry={() => void calendar.refetch()} />;
  const c = isNew ? undefined : calendar.data;
  return (
    <>
      <PageHeader
        title={c ? c.name : t('calendars.new')}
        subtitle={c?.timeZone}
        back={{ to: '/service-calendars', label: t('calendars.back') }}
        badges={c?.isDefault && <StatusBadge tone="blue">{t('calendars.default')}</StatusBadge>}
      />
      <Stack>
        <CalendarForm key={c ? `${c.id}:${c.version}` : 'new'} calendar={c} />
        {c && <HolidaysSection calendar={c} />}
      </Stack>
    </>
  );
}

function CalendarForm({ calendar }: { calendar?: ServiceCalendar }) {
  const { t } = useTranslation('sla');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canWrite = useCan('catalogs.write');
  const remove = useDeleteCalendar();
  const form = useApiForm({
    initialValues: { name: calendar?.name ?? '', timeZone: calendar?.timeZone ?? 'Europe/Madrid', isDefault: calendar?.isDefault ?? false, week: calendar?.week ?? OFFICE },
    submit: (v) => saveCalendar(calendar?.id, { name: v.name, timeZone: v.timeZone, week: v.week, ...(v.isDefault || calendar ? { isDefault: v.isDefault } : {}) }),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: slaKeys.all });
      notifySuccess(t(calendar ? 'calendars.saved' : 'calendars.created', { name: saved.name }));
      if (!calendar) navigate(`/service-calendars/${saved.id}`, { replace: true });
    },
  });
  const week = form.values.week;
  const setDay = (d: number, shifts: WeekHm[number]) => form.setValue('week', week.map((x, i) => (i === d ? shifts : x)));
  return (
    <Section title={t('calendars.fields.week')}>
      <form {...form.formProps}>
        <Stack gap="sm">
          {form.formError && <Alert color="red">{form.formError}</Alert>}
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label={t('calendars.fields.name')} required {...form.text('name')} disabled={!canWrite} />
            <Select
              label={t('calendars.fields.timeZone')}
              data={ZONES.map((z) => ({ value: z, label: t(`calendars.zones.${z}`) }))}
              allowDeselect={false}
              {...form.select('timeZone')}
              disabled={!canWrite}
            />
            <Switch mt={28} label={t('calendars.fields.isDefault')} {...form.checkbox('isDefault')} disabled={!canWrite || calendar?.isDefault} />
          </SimpleGrid>
          {canWrite && (
            <Group gap="xs">
              <Button size="compact-sm" variant="light" onClick={() => form.setValue('week', OFFICE)}>
                {t('calendars.presets.office')}
              </Button>
              <Button size="compact-sm" variant="light" onClick={() => form.setValue('week', ALL_DAY)}>
                {t('calendars.presets.allDay')}
              </Button>
            </Group>
          )}
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing={4} data-testid="week-grid">
              <Table.Tbody>
                {week.map((shifts, d) => {
                  const day = t(`calendars.days.${WEEKDAYS[d]}`);
                  return (
                    <Table.Tr key={WEEKDAYS[d]}>
                      <Table.Th w={110} scope="row">
                        {day}
                      </Table.Th>
                      <Table.Td>
                        <Group gap="sm" wrap="wrap">
                          {!shifts.length && <Text c="dimmed">{t('calendars.closed')}</Text>}
                          {shifts.map((s, i) => (
                            <Group key={i} gap={4} wrap="nowrap">
                              <TextInput type="text" size="xs" w={80} aria-label={`${day} ${i + 1} ${t('calendars.from')}`} {...form.text(`week.${d}.${i}.from`)} disabled={!canWrite} />
                              <Text size="xs">–</Text>
                              <TextInput
                                type="text"
                                size="xs"
                                w={80}
                                aria-label={`${day} ${i + 1} ${t('calendars.to')}`}
                                {...form.text(`week.${d}.${i}.to`)}
                                error={form.errors[`week.${d}.${i}.to`] ?? form.errors[`week.${d}`]}
                                disabled={!canWrite}
                              />
                              {canWrite && (
                                <Tooltip label={t('calendars.removeShift', { n: i + 1, day })}>
                                  <ActionIcon variant="subtle" color="gray" aria-label={t('calendars.removeShift', { n: i + 1, day })} onClick={() => setDay(d, shifts.filter((_, j) => j !== i))}>
                                    <Icon name="x" size={14} />
                                  </ActionIcon>
                                </Tooltip>
                              )}
                            </Group>
                          ))}
                          {canWrite && shifts.length < 4 && (
                            <Button size="compact-xs" variant="subtle" leftSection={<Icon name="plus" size={12} />} onClick={() => setDay(d, [...shifts, { from: shifts.length ? '15:30' : '08:00', to: shifts.length ? '18:30' : '14:00' }])} aria-label={`${t('calendars.addShift')} · ${day}`}>
                              {t('calendars.addShift')}
                            </Button>
                          )}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {form.errors.week && <Alert color="red">{form.errors.week}</Alert>}
          {canWrite && (
            <Group justify="space-between">
              <Button type="submit" loading={form.submitting}>
                {t('actions.save')}
              </Button>
              {calendar && !calendar.isDefault && (
                <Button
                  variant="subtle"
                  color="red"
                  leftSection={<Icon name="trash" size={14} />}
                  onClick={() => {
                    if (!window.confirm(t('calendars.confirmDelete', { name: calendar.name }))) return;
                    remove.mutate(calendar.id, {
                      onSuccess: () => {
                        notifySuccess(t('calendars.deleted', { name: calendar.name }));
                        navigate('/service-calendars');
                      },
                      onError: (e) => notifyError(e),
                    });
                  }}
                >
                  {t('calendars.delete')}
                </Button>
              )}
            </Group>
          )}
        </Stack>
      </form>
    </Section>
  );
}

function HolidaysSection({ calendar }: { calendar: ServiceCalendar }) {
  const { t } = useTranslation('sla');
  const { date: formatDate } = useFormat();
  const canWrite = useCan('catalogs.write');
  const [year, setYear] = useState(new Date().getFullYear());
  const [regionCode, setRegionCode] = useState<string | null>(null);
  const holidays = useHolidays(calendar.id, year);
  const regions = useCatalog('regions');
  const m = useHolidayMutations(calendar.id);
  const queryClient = useQueryClient();
  const regionName = regions.describe(regionCode);
  const form = useApiForm({
    initialValues: { date: `${year}-01-01`, name: '' },
    submit: (v) => addHoliday(calendar.id, { date: v.date, name: v.name, kind: 'local' }),
    onSuccess: async (h) => {
      await queryClient.invalidateQueries({ queryKey: slaKeys.all });
      notifySuccess(t('holidays.added', { date: formatDate(h.date) }));
      form.reset({ date: h.date, name: '' });
    },
  });
  const years = [year - 1, year, year + 1, year + 2].map(String);
  return (
    <Section
      title={t('holidays.title', { year })}
      actions={<Select aria-label={t('holidays.year')} data={years} value={String(year)} onChange={(v) => v && setYear(Number(v))} w={100} size="xs" allowDeselect={false} />}
    >
      <Stack gap="sm">
        {canWrite && (
          <Group align="flex-end" gap="sm" wrap="wrap">
            <Select
              label={t('holidays.region')}
              data={regions.entries.filter((r) => r.active).map((r) => ({ value: r.code, label: regions.describe(r.code) }))}
              value={regionCode}
              onChange={setRegionCode}
              clearable
              w={260}
              size="sm"
            />
            <Button
              variant="light"
              loading={m.generate.isPending}
              leftSection={<Icon name="download" size={14} />}
              onClick={() =>
                m.generate.mutate(
                  { year, regionCode },
                  { onSuccess: (r) => notifySuccess(t('holidays.loaded', { n: r.added.length, kept: r.alreadyThere })), onError: (e) => notifyError(e) },
                )
              }
            >
              {regionCode ? t('holidays.load', { region: regionName }) : t('holidays.loadNational')}
            </Button>
          </Group>
        )}
        {holidays.isPending && <PageLoader />}
        {holidays.isError && <LoadError error={holidays.error} onRetry={() => void holidays.refetch()} />}
        {holidays.isSuccess && !holidays.data.length && <Text c="dimmed">{t('holidays.empty')}</Text>}
        {holidays.isSuccess && holidays.data.length > 0 && (
          <Table.ScrollContainer minWidth={480}>
            <Table striped fz="sm" verticalSpacing={4} data-testid="holidays">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={120}>{t('holidays.date')}</Table.Th>
                  <Table.Th>{t('holidays.name')}</Table.Th>
                  <Table.Th w={120}>{t('holidays.kind')}</Table.Th>
                  <Table.Th w={50} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {holidays.data.map((h) => (
                  <Table.Tr key={h.date}>
                    <Table.Td>{formatDate(h.date)}</Table.Td>
                    <Table.Td>{h.name}</Table.Td>
                    <Table.Td>
                      <StatusBadge tone={h.kind === 'national' ? 'red' : h.kind === 'regional' ? 'orange' : 'violet'}>{t(`holidays.kinds.${h.kind}`)}</StatusBadge>
                    </Table.Td>
                    <Table.Td>
                      {canWrite && (
                        <RemoveIconButton
                          label={t('holidays.remove', { date: formatDate(h.date) })}
                          color="gray"
                          iconSize={14}
                          onClick={() => m.remove.mutate(h.date, { onSuccess: () => notifySuccess(t('holidays.removed', { date: formatDate(h.date) })), onError: (e) => notifyError(e) })}
                        />
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {canWrite && (
          <form {...form.formProps}>
            {form.formError && <Alert color="red">{form.formError}</Alert>}
            <Group align="flex-end" gap="sm" wrap="wrap">
              <TextInput type="date" label={t('holidays.date')} {...form.text('date')} w={170} size="sm" />
              <TextInput label={t('holidays.name')} placeholder="San Isidro" {...form.text('name')} w={260} size="sm" />
              <Button type="submit" variant="light" loading={form.submitting} leftSection={<Icon name="plus" size={14} />}>
                {t('holidays.add')}
              </Button>
            </Group>
          </form>
        )}
      </Stack>
    </Section>
  );
}
