/** Time: totals per customer, project or employee (chart + table + CSV) and the entries themselves. */
import { Button, Card, Group, SegmentedControl, Stack, Switch, Table, Tabs, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../app/format.ts';
import { LoadError, notifyError, PageLoader } from '../ui/feedback.tsx';
import { Icon } from '../ui/icons.tsx';
import { downloadText } from '../ui/csv.ts';
import { EmptyHint, useUrlFilters } from '../ui/list.tsx';
import { PageHeader } from '../ui/page.tsx';
import { projectsKeys, type TimeGroupBy, timeApi, timeReportCsv } from './queries.ts';
import { HorizontalBars } from './bar-chart.tsx';
import { DateField } from './date-field.tsx';
import { formatHours, formatMinutes } from './duration.ts';
import { TimeEntriesTable } from './time-entries-table.tsx';

function monthStart(today: string) {
  return `${today.slice(0, 7)}-01`;
}

export function TimePage() {
  const { t } = useTranslation('projects');
  const f = useFormat();
  const today = f.today();
  const filters = useUrlFilters({ tab: 'report', groupBy: 'customer', from: monthStart(today), to: today, mine: 'false' });
  const v = filters.values;
  return (
    <Stack maw={1200}>
      <PageHeader title={t('time.title')} />
      <Group gap="sm" align="flex-end" wrap="wrap">
        <DateField label={t('fields.from')} size="xs" w={150} value={v.from} onChange={(x) => x && filters.set({ from: x })} />
        <DateField label={t('fields.to')} size="xs" w={150} value={v.to} onChange={(x) => x && filters.set({ to: x })} />
      </Group>
      <Tabs value={v.tab} onChange={(x) => filters.set({ tab: x ?? 'report' })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="report" leftSection={<Icon name="table" size={16} />}>
            {t('time.report')}
          </Tabs.Tab>
          <Tabs.Tab value="entries" leftSection={<Icon name="clock" size={16} />}>
            {t('time.entries')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="report" pt="md">
          <TimeReportView groupBy={v.groupBy as TimeGroupBy} from={v.from} to={v.to} onGroupBy={(g) => filters.set({ groupBy: g })} />
        </Tabs.Panel>
        <Tabs.Panel value="entries" pt="md">
          <Stack>
            <Switch label={t('time.mine')} checked={v.mine === 'true'} onChange={(e) => filters.set({ mine: e.currentTarget.checked ? 'true' : 'false' })} />
            <TimeEntriesTable query={{ from: v.from, to: v.to, mine: v.mine === 'true' ? true : undefined }} empty={t('time.empty')} />
          </Stack>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function TimeReportView({ groupBy, from, to, onGroupBy }: { groupBy: TimeGroupBy; from: string; to: string; onGroupBy: (g: TimeGroupBy) => void }) {
  const { t, i18n } = useTranslation('projects');
  const [exporting, setExporting] = useState(false);
  const report = useQuery({ queryKey: projectsKeys.timeReport({ groupBy, from, to }), queryFn: ({ signal }) => timeApi.report({ groupBy, from, to }, signal), placeholderData: (prev) => prev });
  const rows = report.data?.rows ?? [];
  const labelOf = (r: (typeof rows)[number]) => (r.id === null ? t('time.noProject') : groupBy === 'employee' ? (r.name ?? '') : `${r.code} · ${r.name}`);
  const labels = useMemo(() => rows.map(labelOf), [rows]); // eslint-disable-line react-hooks/exhaustive-deps
  // The chart counts hours, so its axis ticks fall on whole and half hours.
  const values = useMemo(() => rows.map((r) => Math.round((r.minutes / 60) * 100) / 100), [rows]);
  const total = report.data?.totals.minutes ?? 0;

  const exportCsv = async () => {
    setExporting(true);
    try {
      downloadText(`dedicacion-${groupBy}-${from}-${to}.csv`, await timeReportCsv({ groupBy, from, to }));
    } catch (error) {
      notifyError(error);
    } finally {
      setExporting(false);
    }
  };

  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Group gap="xs">
          <Text size="sm" fw={500}>
            {t('time.groupBy')}
          </Text>
          <SegmentedControl
            size="xs"
            value={groupBy}
            onChange={(x) => onGroupBy(x as TimeGroupBy)}
            data={(['customer', 'project', 'employee'] as const).map((k) => ({ value: k, label: t(`time.by.${k}`) }))}
          />
        </Group>
        <Button variant="default" size="xs" leftSection={<Icon name="download" size={16} />} onClick={() => void exportCsv()} loading={exporting}>
          {t('time.exportCsv')}
        </Button>
      </Group>
      {report.isPending && <PageLoader />}
      {report.isError && <LoadError error={report.error} onRetry={() => void report.refetch()} />}
      {report.data && !rows.length && <EmptyHint title={t('time.emptyReport')} />}
      {report.data && rows.length > 0 && (
        <>
          <Card withBorder padding="md">
            <Text size="sm" fw={600} mb="xs">
              {t('time.chartTitle', { what: t(`time.by.${groupBy}`).toLowerCase() })}
            </Text>
            <HorizontalBars labels={labels.slice(0, 25)} values={values.slice(0, 25)} format={(h) => `${formatHours(h * 60, i18n.language)} h`} ariaLabel={t('time.chartTitle', { what: t(`time.by.${groupBy}`) })} />
          </Card>
          <Table.ScrollContainer minWidth={560}>
            <Table striped fz="sm" data-testid="time-report-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t(`time.by.${groupBy}`)}</Table.Th>
                  {groupBy === 'project' && <Table.Th>{t('fields.customer')}</Table.Th>}
                  <Table.Th style={{ textAlign: 'right' }}>{t('fields.duration')}</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>{t('fields.hours')}</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>{t('time.share')}</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>{t('fields.entries')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r, i) => (
                  <Table.Tr key={r.id ?? `none-${i}`}>
                    <Table.Td>{labels[i]}</Table.Td>
                    {groupBy === 'project' && <Table.Td>{r.customerName}</Table.Td>}
                    <Table.Td style={{ textAlign: 'right' }}>{formatMinutes(r.minutes)}</Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}>{formatHours(r.minutes, i18n.language)}</Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}>{total ? new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'es-ES', { style: 'percent', maximumFractionDigits: 0 }).format(r.minutes / total) : ''}</Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}>{r.entries}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
              <Table.Tfoot>
                <Table.Tr>
                  <Table.Th>{t('time.total')}</Table.Th>
                  {groupBy === 'project' && <Table.Th />}
                  <Table.Th style={{ textAlign: 'right' }} data-testid="time-report-total">
                    {formatMinutes(total)}
                  </Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>{formatHours(total, i18n.language)}</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>{i18n.language === 'en' ? '100%' : '100 %'}</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>{report.data.totals.entries}</Table.Th>
                </Table.Tr>
              </Table.Tfoot>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </Stack>
  );
}
