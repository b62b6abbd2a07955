/** One report: filters in the address, its figures, and each table on its chart with the table under it; CSV, PDF, subscribe. */
import { Alert, Anchor, Button, Card, Group, NumberInput, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useFormat } from '../app/format.ts';
import { CustomerPicker } from '../customers/pickers.tsx';
import { DateField } from '../projects/date-field.tsx';
import { downloadText } from '../ui/csv.ts';
import { LoadError, notifyError, notifySuccess, PageLoader } from '../ui/feedback.tsx';
import { Icon } from '../ui/icons.tsx';
import { useUrlFilters } from '../ui/list.tsx';
import { PageHeader } from '../ui/page.tsx';
import type { ColumnKind, ReportCell, ReportTable } from '../../shared/reports.ts';
import { fetchReportFile, type ReportParams, useReport, useReportList, useSubscribe } from './queries.ts';
import { ReportChart } from './report-chart.tsx';

const FILTER_KEYS = ['from', 'to', 'customerId', 'itemId', 'regionCode', 'ownerUserId', 'groupId', 'priorityCode', 'reasonCode', 'caseType', 'statusCode', 'typeCode', 'projectId', 'groupBy', 'days', 'columns'] as const;
const DEFAULTS = Object.fromEntries(FILTER_KEYS.map((k) => [k, ''])) as Record<(typeof FILTER_KEYS)[number], string>;

function useCell() {
  const f = useFormat();
  const { i18n } = useTranslation();
  return (kind: ColumnKind, v: ReportCell | undefined): string => {
    if (v === null || v === undefined || v === '') return '—';
    switch (kind) {
      case 'count':
      case 'number':
        return typeof v === 'number' ? f.number(v, { maximumFractionDigits: 2 }) : String(v);
      case 'duration': {
        const m = Math.round(Number(v) / 60);
        if (m < 60) return `${m} min`;
        const h = Math.floor(m / 60);
        return h < 48 ? `${h} h ${String(m % 60).padStart(2, '0')} min` : `${Math.floor(h / 24)} d ${h % 24} h`;
      }
      case 'percent':
        return f.percent(Number(v));
      case 'money':
        return f.money(Number(v));
      // A label in a date column (a totals row's "Total") is shown as it is.
      case 'date':
        return /^\d{4}-\d{2}-\d{2}$/.test(String(v)) ? f.date(String(v)) : String(v);
      case 'datetime':
        return Number.isNaN(Date.parse(String(v))) ? String(v) : f.dateTime(String(v));
      case 'month': {
        if (!/^\d{4}-\d{2}$/.test(String(v))) return String(v);
        const [y, m] = String(v).split('-').map(Number);
        return new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'es-ES', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
      }
      default:
        return String(v);
    }
  };
}

async function download(name: string, params: ReportParams, format: 'csv' | 'pdf', table?: string) {
  try {
    const blob = await fetchReportFile(name, params, format, table);
    const file = `${name}${table ? `-${table}` : ''}-${params.from ?? ''}-${params.to ?? ''}.${format}`;
    if (format === 'csv') downloadText(file, await blob.text());
    else window.open(URL.createObjectURL(blob), '_blank');
  } catch (e) {
    notifyError(e);
  }
}

function TableSection({ table, name, params }: { table: ReportTable; name: string; params: ReportParams }) {
  const { t } = useTranslation('reports');
  const cell = useCell();
  const kindOf = (key: string) => table.columns.find((c) => c.key === key)?.kind ?? 'text';
  const link = (row: Record<string, ReportCell>) => (table.linkKey && typeof row[table.linkKey] === 'string' ? (row[table.linkKey] as string) : null);
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby={`t-${table.id}`} data-testid={`table-${table.id}`}>
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="md" id={`t-${table.id}`}>
          {table.title}
        </Title>
        <Button size="xs" variant="default" leftSection={<Icon name="download" size={14} />} onClick={() => void download(name, params, 'csv', table.id)} aria-label={`${t('report.csv')}: ${table.title}`}>
          {t('report.csv')}
        </Button>
      </Group>
      {table.rows.length === 0 ? (
        <Text size="sm">
          {t('report.empty')}
        </Text>
      ) : (
        <>
          {table.chart && <ReportChart table={table} display={(key, v) => cell(kindOf(key), v as ReportCell)} ariaLabel={t('report.chartOf', { title: table.title })} />}
          <Table.ScrollContainer minWidth={600}>
            <Table fz="sm" mt="sm">
              <Table.Thead>
                <Table.Tr>
                  {table.columns.map((c) => (
                    <Table.Th key={c.key} style={{ textAlign: c.kind === 'text' ? 'left' : 'right' }}>
                      {c.label}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {table.rows.map((r, i) => (
                  <Table.Tr key={i}>
                    {table.columns.map((c, j) => {
                      const text = cell(c.kind, r[c.key]);
                      const href = j === 0 ? link(r) : null;
                      return (
                        <Table.Td key={c.key} style={{ textAlign: c.kind === 'text' ? 'left' : 'right' }}>
                          {href ? (
                            <Anchor component={Link} to={href} fz="sm" c="blue.8">
                              {text}
                            </Anchor>
                          ) : (
                            text
                          )}
                        </Table.Td>
                      );
                    })}
                  </Table.Tr>
                ))}
              </Table.Tbody>
              {table.footer && (
                <Table.Tfoot>
                  <Table.Tr>
                    {table.columns.map((c) => (
                      <Table.Th key={c.key} style={{ textAlign: c.kind === 'text' ? 'left' : 'right' }}>
                        {cell(c.kind, table.footer?.[c.key])}
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Tfoot>
              )}
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </Card>
  );
}

function Subscribe({ name, params }: { name: string; params: ReportParams }) {
  const { t } = useTranslation('reports');
  const [frequency, setFrequency] = useState<'weekly' | 'monthly'>('monthly');
  const subscribe = useSubscribe();
  const filters = Object.fromEntries(Object.entries(params).filter(([k, v]) => v && k !== 'from' && k !== 'to')) as Record<string, string>;
  return (
    <Group gap="xs" align="flex-end">
      <Select
        label={t('report.frequency')}
        size="xs"
        w={130}
        allowDeselect={false}
        value={frequency}
        onChange={(v) => setFrequency((v as 'weekly' | 'monthly') ?? 'monthly')}
        data={[
          { value: 'weekly', label: t('list.weekly') },
          { value: 'monthly', label: t('list.monthly') },
        ]}
      />
      <Button
        size="xs"
        variant="light"
        leftSection={<Icon name="mail" size={14} />}
        loading={subscribe.isPending}
        onClick={() => subscribe.mutate({ report: name, frequency, filters }, { onSuccess: () => notifySuccess(t('report.subscribed')), onError: (e) => notifyError(e) })}
      >
        {t('report.subscribe')}
      </Button>
    </Group>
  );
}

export function ReportPage() {
  const { name = '' } = useParams();
  const { t } = useTranslation('reports');
  const f = useFormat();
  const cell = useCell();
  const list = useReportList();
  const info = list.data?.items.find((r) => r.name === name);
  const filters = useUrlFilters(DEFAULTS);
  const v = filters.values;
  const takes = (k: string) => info?.filters.includes(k) ?? false;
  const params: ReportParams = Object.fromEntries(FILTER_KEYS.filter((k) => v[k] && (takes(k) || !info)).map((k) => [k, v[k]]));
  const report = useReport(name, params);

  return (
    <Stack maw={1200}>
      <PageHeader
        title={report.data?.title ?? info?.title ?? t('nav.reports')}
        back={{ to: '/reports', label: t('report.back') }}
        actions={
          <Group gap="xs">
            <Button size="xs" variant="default" leftSection={<Icon name="download" size={14} />} onClick={() => void download(name, params, 'csv')}>
              {t('report.csvAll')}
            </Button>
            {info?.printable && (
              <Button size="xs" variant="default" leftSection={<Icon name="download" size={14} />} onClick={() => void download(name, params, 'pdf')}>
                {t('report.pdf')}
              </Button>
            )}
          </Group>
        }
      />
      <Card withBorder radius="md" padding="sm">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <DateField label={t('filters.from')} size="xs" w={150} value={v.from || report.data?.from || null} onChange={(x) => filters.set({ from: x ?? '' })} />
          <DateField label={t('filters.to')} size="xs" w={150} value={v.to || report.data?.to || null} onChange={(x) => filters.set({ to: x ?? '' })} />
          {takes('customerId') && <CustomerPicker label={t('filters.customer')} size="xs" w={240} clearable value={v.customerId || null} onChange={(x) => filters.set({ customerId: x ?? '' })} />}
          {info && info.groupBy.length > 0 && (
            <Select
              label={t('filters.groupBy')}
              size="xs"
              w={150}
              allowDeselect={false}
              value={v.groupBy || info.groupBy[0]}
              onChange={(x) => filters.set({ groupBy: x ?? '' })}
              data={info.groupBy.map((g) => ({ value: g, label: t(`filters.${g}`, { defaultValue: g }) }))}
            />
          )}
          {takes('days') && <NumberInput label={t('filters.days')} size="xs" w={150} min={1} max={3650} value={v.days ? Number(v.days) : 30} onChange={(x) => filters.set({ days: x === '' ? '' : String(x) })} />}
          {filters.active && (
            <Button size="xs" variant="subtle" onClick={filters.clear}>
              {t('filters.clear')}
            </Button>
          )}
          <div style={{ flex: 1 }} />
          {info?.printable && <Subscribe name={name} params={params} />}
        </Group>
      </Card>
      {report.isPending && <PageLoader />}
      {report.isError && <LoadError error={report.error} onRetry={() => void report.refetch()} />}
      {report.data && (
        <>
          {report.data.filterLabels.length > 0 && (
            <Text size="sm">
              {report.data.filterLabels.join(' · ')}
            </Text>
          )}
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} data-testid="figures">
            {report.data.figures.map((fig) => (
              <Card key={fig.key} withBorder radius="md" padding="sm">
                <Text size="xs">
                  {fig.label}
                </Text>
                {fig.link ? (
                  <Anchor component={Link} to={fig.link} fz="xl" fw={700} c="blue.8">
                    {cell(fig.kind, fig.value)}
                  </Anchor>
                ) : (
                  <Text fz="xl" fw={700}>
                    {cell(fig.kind, fig.value)}
                  </Text>
                )}
              </Card>
            ))}
          </SimpleGrid>
          {report.data.tables.map((table) => (
            <TableSection key={table.id} table={table} name={name} params={params} />
          ))}
          {report.data.notes.length > 0 && (
            <Alert variant="light" color="gray" title={t('report.notes')}>
              {report.data.notes.map((n) => (
                <Text key={n} size="xs">
                  {n}
                </Text>
              ))}
              <Text size="xs" mt={4}>
                {f.dateTime(report.data.generatedAt)} · {report.data.timeZone}
              </Text>
            </Alert>
          )}
        </>
      )}
    </Stack>
  );
}
