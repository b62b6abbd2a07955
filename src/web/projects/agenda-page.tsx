/** My agenda: pending tasks (mine and my groups') by next follow-up or due date; overdue and today first. */
import { Alert, Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan } from '../app/auth.tsx';
import { useFormat } from '../app/format.ts';
import { StatusBadge, type Tone } from '../ui/badges.tsx';
import { LoadError, notifyError, notifySuccess, PageLoader } from '../ui/feedback.tsx';
import { EmptyHint, useUrlFilters } from '../ui/list.tsx';
import { PageHeader } from '../ui/page.tsx';
import { DateText } from '../ui/when.tsx';
import { type AgendaItem, tasksApi, useMyAgenda } from './queries.ts';
import { DateField } from './date-field.tsx';
import { QuickTimeButton } from './quick-time-dialog.tsx';

const TONES: Record<AgendaItem['when'], Tone> = { overdue: 'red', today: 'orange', upcoming: 'blue' };

export function AgendaPage() {
  const { t } = useTranslation('projects');
  const filters = useUrlFilters({ until: '' });
  const agenda = useMyAgenda(filters.values.until || undefined);
  const groups: AgendaItem['when'][] = ['overdue', 'today', 'upcoming'];
  return (
    <Stack maw={1100}>
      <PageHeader
        title={t('agenda.title')}
        subtitle={t('agenda.subtitle')}
        actions={
          <DateField label={t('agenda.until')} size="xs" w={150} value={filters.values.until || agenda.data?.until || null} onChange={(v) => filters.set({ until: v ?? '' })} />
        }
      />
      {agenda.isPending && <PageLoader />}
      {agenda.isError && <LoadError error={agenda.error} onRetry={() => void agenda.refetch()} />}
      {agenda.data && !agenda.data.items.length && <EmptyHint title={t('agenda.empty')} />}
      {agenda.data?.truncated && <Alert color="yellow">{t('agenda.truncated', { count: agenda.data.items.length })}</Alert>}
      {agenda.data &&
        groups.map((when) => {
          const items = agenda.data.items.filter((i) => i.when === when);
          if (!items.length) return null;
          return (
            <section key={when} aria-labelledby={`agenda-${when}`}>
              <Group gap="xs" mb="xs">
                <Title order={3} fz="md" id={`agenda-${when}`}>
                  {t(`agenda.${when}`)}
                </Title>
                <Badge color={TONES[when]} variant="filled" size="sm" circle>
                  {items.length}
                </Badge>
              </Group>
              <Stack gap="xs">
                {items.map((item) => (
                  <AgendaRow key={item.id} item={item} />
                ))}
              </Stack>
            </section>
          );
        })}
    </Stack>
  );
}

function AgendaRow({ item }: { item: AgendaItem }) {
  const { t } = useTranslation('projects');
  const f = useFormat();
  const canWrite = useCan('support.write');
  const queryClient = useQueryClient();
  const done = useMutation({
    mutationFn: () => tasksApi.update(item.id, { status: 'done' }),
    onSuccess: () => {
      notifySuccess(t('agenda.markedDone'));
      void queryClient.invalidateQueries();
    },
    onError: (e) => notifyError(e),
  });
  return (
    <Card withBorder padding="sm" data-testid="agenda-item">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap="xs">
            <StatusBadge tone={TONES[item.when]}>
              <DateText value={item.date} fz="inherit" />
            </StatusBadge>
            {item.followUp && item.nextFollowUpDate && (
              <Text size="xs" c="dimmed">
                {t('agenda.followUp')}: {f.date(item.nextFollowUpDate)}
              </Text>
            )}
            {item.due && item.dueDate && (
              <Text size="xs" c="dimmed">
                {t('agenda.due')}: {f.date(item.dueDate)}
              </Text>
            )}
          </Group>
          <Anchor component={Link} to={`/tasks/${item.id}`} fw={600} size="sm">
            {item.title}
          </Anchor>
          <Text size="xs" c="dimmed">
            {[item.customerName, item.projectCode, item.assigneeGroupId ? `${item.assigneeName} (${t('agenda.group')})` : null].filter(Boolean).join(' · ')}
          </Text>
        </Stack>
        {canWrite && (
          <Group gap="xs" wrap="nowrap">
            {item.customerId && <QuickTimeButton customer={{ id: item.customerId, name: item.customerName ?? '' }} size="xs" variant="default" />}
            <Button size="xs" variant="light" color="green" onClick={() => done.mutate()} loading={done.isPending}>
              {t('agenda.markDone')}
            </Button>
          </Group>
        )}
      </Group>
    </Card>
  );
}
