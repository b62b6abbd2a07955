/**
 * The supervisor's dashboard: what is late now, SLA compliance this week against last and the
 * month's commonest reasons — every number a link to the filtered list behind it. It asks again
 * every minute (TanStack Query's refetchInterval), so it can stay open on a wall screen.
 */
import { ActionIcon, Anchor, Card, Group, Progress, SimpleGrid, Stack, Table, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../app/format.ts';
import { LoadError, PageLoader } from '../ui/feedback.tsx';
import { Icon } from '../ui/icons.tsx';
import { PageHeader, Section } from '../ui/page.tsx';
import { When } from '../ui/when.tsx';
import { type Dashboard, useDashboard } from './queries.ts';

type Tone = 'default' | 'orange' | 'red';

/** One number of the dashboard: a card that is a link to its list. */
function NumberCard({ label, value, link, tone = 'default', testId }: { label: string; value: number; link: string; tone?: Tone; testId: string }) {
  const f = useFormat();
  const color = value > 0 && tone !== 'default' ? `${tone}.9` : undefined;
  return (
    <Card withBorder radius="md" padding="md" component={Link} to={link} data-testid={testId} style={{ textDecoration: 'none' }}>
      <Text size="sm" c="gray.8">
        {label}
      </Text>
      <Text fz={32} fw={700} c={color} lh={1.2}>
        {f.number(value)}
      </Text>
    </Card>
  );
}

function ComplianceCell({ value, link, label }: { value: number | null; link: string; label: string }) {
  const { t } = useTranslation('reports');
  const f = useFormat();
  return (
    <Anchor component={Link} to={link} c="blue.8" fw={600} aria-label={`${label}: ${value === null ? t('dashboard.noneDecided') : f.percent(value)}`}>
      {value === null ? t('dashboard.noneDecided') : f.percent(value)}
    </Anchor>
  );
}

function Change({ now, before }: { now: number | null; before: number | null }) {
  const { t } = useTranslation('reports');
  const f = useFormat();
  if (now === null || before === null) return <Text span c="gray.7">—</Text>;
  const points = (now - before) / 100;
  if (points === 0) return <Text span size="sm">{t('dashboard.same')}</Text>;
  return (
    <Text span size="sm" c={points > 0 ? 'green.9' : 'red.9'} fw={600}>
      {t('dashboard.delta', { sign: points > 0 ? '+' : '−', points: f.number(Math.abs(points), { maximumFractionDigits: 1 }) })}
    </Text>
  );
}

function Compliance({ d }: { d: Dashboard }) {
  const { t } = useTranslation('reports');
  const f = useFormat();
  const { thisWeek, lastWeek } = d.compliance;
  const head = (w: Dashboard['compliance']['thisWeek'], name: string) => (
    <Stack gap={0}>
      <Anchor component={Link} to={w.link} c="blue.8" fw={700} size="sm">
        {name}
      </Anchor>
      <Text size="xs" c="gray.7">
        {t('dashboard.period', { from: f.date(w.from), to: f.date(w.to) })} · {t('dashboard.incidents', { count: w.incidents })}
      </Text>
    </Stack>
  );
  const rows = [
    { key: 'response', label: t('dashboard.response'), now: thisWeek.responseCompliance, before: lastWeek.responseCompliance },
    { key: 'resolution', label: t('dashboard.resolution'), now: thisWeek.resolutionCompliance, before: lastWeek.resolutionCompliance },
  ];
  return (
    <Section title={t('dashboard.compliance')} id="dashboard-compliance">
      <Text size="sm" c="gray.7" mb="xs">
        {t('dashboard.complianceHelp')}
      </Text>
      <Table.ScrollContainer minWidth={480}>
        <Table data-testid="dashboard-compliance" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th />
              <Table.Th>{head(thisWeek, t('dashboard.thisWeek'))}</Table.Th>
              <Table.Th>{head(lastWeek, t('dashboard.lastWeek'))}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.key}>
                <Table.Th scope="row">{r.label}</Table.Th>
                <Table.Td>
                  <ComplianceCell value={r.now} link={thisWeek.link} label={`${r.label}, ${t('dashboard.thisWeek')}`} />
                </Table.Td>
                <Table.Td>
                  <ComplianceCell value={r.before} link={lastWeek.link} label={`${r.label}, ${t('dashboard.lastWeek')}`} />
                </Table.Td>
                <Table.Td>
                  <Change now={r.now} before={r.before} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Section>
  );
}

function Reasons({ d }: { d: Dashboard }) {
  const { t } = useTranslation('reports');
  const f = useFormat();
  const r = d.topReasons;
  return (
    <Section title={t('dashboard.reasons')} id="dashboard-reasons">
      <Text size="sm" c="gray.7" mb="xs">
        {t('dashboard.reasonsHelp', { total: f.number(r.total), from: f.date(r.from), to: f.date(r.to) })}
      </Text>
      {r.items.length === 0 ? (
        <Text size="sm">{t('dashboard.noReasons')}</Text>
      ) : (
        <Stack gap="sm" component="ol" m={0} p={0} style={{ listStyle: 'none' }} data-testid="dashboard-reasons">
          {r.items.map((x) => (
            <li key={x.code}>
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Anchor component={Link} to={x.link} c="blue.8" size="sm" fw={600} lineClamp={1}>
                  {x.label}
                </Anchor>
                <Text size="sm" fw={700} style={{ whiteSpace: 'nowrap' }}>
                  {f.number(x.count)} · {f.percent(x.shareBp)}
                </Text>
              </Group>
              <Progress value={x.shareBp / 100} size="sm" mt={4} aria-label={`${x.label}: ${t('dashboard.share', { share: f.percent(x.shareBp) })}`} />
            </li>
          ))}
        </Stack>
      )}
    </Section>
  );
}

export function DashboardPage() {
  const { t } = useTranslation('reports');
  const q = useDashboard();
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const d = q.data;
  return (
    <Stack maw={1200}>
      <PageHeader
        title={t('dashboard.title')}
        subtitle={t('dashboard.subtitle')}
        actions={
          <Group gap="xs">
            <Text size="sm" c="gray.7" data-testid="dashboard-updated">
              {t('dashboard.updated')} <When value={d.generatedAt} size="sm" />
            </Text>
            <Tooltip label={t('dashboard.refresh')}>
              <ActionIcon variant="default" aria-label={t('dashboard.refresh')} loading={q.isFetching} onClick={() => void q.refetch()}>
                <Icon name="refresh" size={16} />
              </ActionIcon>
            </Tooltip>
          </Group>
        }
      />
      <Section title={t('dashboard.now')} id="dashboard-now">
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }}>
          <NumberCard testId="dashboard-open" label={t('dashboard.open')} {...d.incidents.open} />
          <NumberCard testId="dashboard-received-today" label={t('dashboard.receivedToday')} {...d.incidents.receivedToday} />
          <NumberCard testId="dashboard-at-risk" label={t('dashboard.atRisk')} tone="orange" {...d.incidents.atRisk} />
          <NumberCard testId="dashboard-breached" label={t('dashboard.breached')} tone="red" {...d.incidents.breached} />
          <NumberCard testId="dashboard-pending-calls" label={t('dashboard.pendingCalls')} {...d.calls.pendingNow} />
        </SimpleGrid>
      </Section>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Compliance d={d} />
        <Reasons d={d} />
      </SimpleGrid>
    </Stack>
  );
}
