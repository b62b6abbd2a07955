/** The Reports section: every report offered, and the user's subscriptions. */
import { Anchor, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../app/format.ts';
import { LoadError, notifyError, notifySuccess, PageLoader } from '../ui/feedback.tsx';
import { Icon } from '../ui/icons.tsx';
import { PageHeader, Section } from '../ui/page.tsx';
import { useReportList, useSubscriptions, useUnsubscribe } from './queries.ts';

export function ReportsPage() {
  const { t } = useTranslation('reports');
  const f = useFormat();
  const list = useReportList();
  const subs = useSubscriptions();
  const unsubscribe = useUnsubscribe();
  if (list.isPending) return <PageLoader />;
  if (list.isError) return <LoadError error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Stack maw={1200}>
      <PageHeader title={t('list.title')} />
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {list.data.items.map((r) => (
          <Card key={r.name} withBorder radius="md" padding="md" component="article">
            <Group gap="xs" mb={4} wrap="nowrap">
              <Icon name="chart" />
              <Title order={2} fz="md">
                <Anchor component={Link} to={`/reports/${r.name}`} c="blue.8">
                  {r.title}
                </Anchor>
              </Title>
            </Group>
            <Text size="sm">
              {r.description}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
      <Section id="subs" title={t('list.subscriptions')}>
        {subs.data && subs.data.items.length === 0 && <Text size="sm">{t('list.noSubscriptions')}</Text>}
        {subs.data && subs.data.items.length > 0 && (
          <Table.ScrollContainer minWidth={500}>
            <Table fz="sm" data-testid="subscriptions">
              <Table.Tbody>
                {subs.data.items.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>
                      <Anchor c="blue.8" component={Link} to={`/reports/${s.report}?${new URLSearchParams(Object.entries(s.filters).map(([k, v]) => [k, String(v)])).toString()}`}>
                        {s.reportTitle}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{t(`list.${s.frequency}`)}</Table.Td>
                    <Table.Td>{Object.entries(s.filters).map(([k, v]) => `${k}=${v}`).join(' · ')}</Table.Td>
                    <Table.Td>{s.lastSentAt ? `${t('list.lastSent')}: ${f.dateTime(s.lastSentAt)}` : ''}</Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        onClick={() => unsubscribe.mutate(s.id, { onSuccess: () => notifySuccess(t('report.unsubscribed')), onError: (e) => notifyError(e) })}
                      >
                        {t('list.unsubscribe')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Section>
    </Stack>
  );
}
