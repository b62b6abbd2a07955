/** The e-mail outbox: every outgoing e-mail with its delivery state (supervisors, admins). */
import { Alert, Anchor, Button, Card, Drawer, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan } from '../app/auth.tsx';
import { StatusBadge, type Tone } from '../ui/badges.tsx';
import { LoadError, notifyError, notifySuccess, PageLoader } from '../ui/feedback.tsx';
import { Icon } from '../ui/icons.tsx';
import { type Column, EmptyHint, useKeysetList, useUrlFilters } from '../ui/list.tsx';
import { ListPage } from '../ui/list-page.tsx';
import { Fields } from '../ui/page.tsx';
import { When } from '../ui/when.tsx';
import { activitiesKeys, type OutboxEmail, outboxApi, recordHref, useOutboxEmail, useOutboxSummary } from './queries.ts';

const TONES: Record<OutboxEmail['status'], Tone> = { queued: 'yellow', sending: 'blue', sent: 'green', failed: 'red' };

function EmailStatus({ email }: { email: OutboxEmail }) {
  const { t } = useTranslation('activities');
  return <StatusBadge tone={TONES[email.status]} title={email.lastError ?? undefined} miw="max-content">{t(`outbox.statuses.${email.status}`)}</StatusBadge>;
}

function EmailDetail({ id }: { id: string }) {
  const { t } = useTranslation('activities');
  const canRetry = useCan('users.manage');
  const queryClient = useQueryClient();
  const q = useOutboxEmail(id);
  const retry = useMutation({
    mutationFn: () => outboxApi.retry(id),
    onSuccess: () => {
      notifySuccess(t('outbox.retried'));
      void queryClient.invalidateQueries({ queryKey: activitiesKeys.outbox });
    },
    onError: (e) => notifyError(e),
  });
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <LoadError error={q.error} />;
  const e = q.data;
  const source = e.source ? recordHref(e.source.type, e.source.id) : null;
  return (
    <Stack>
      <Group>
        <EmailStatus email={e} />
        {e.status === 'failed' && canRetry && (
          <Button size="xs" variant="light" leftSection={<Icon name="refresh" size={14} />} onClick={() => retry.mutate()} loading={retry.isPending}>
            {t('outbox.retry')}
          </Button>
        )}
      </Group>
      {e.lastError && (
        <Alert color={e.status === 'failed' ? 'red' : 'yellow'} title={t('outbox.lastError')}>
          {e.lastError}
        </Alert>
      )}
      <Fields
        items={[
          { label: t('outbox.to'), value: e.toName ? `${e.toName} <${e.to}>` : e.to },
          { label: t('outbox.subject'), value: e.subject },
          { label: t('outbox.created'), value: <When value={e.createdAt} exact /> },
          { label: t('outbox.sentAt'), value: e.sentAt ? <When value={e.sentAt} exact /> : null },
          { label: t('outbox.attempts'), value: String(e.attempts) },
          { label: t('outbox.nextAttempt'), value: e.nextAttemptAt ? <When value={e.nextAttemptAt} exact /> : null },
          { label: t('outbox.source'), value: source && e.source ? <Anchor component={Link} to={source}>{e.source.type} #{e.source.id}</Anchor> : null },
        ]}
      />
      <Card withBorder padding="sm" bg="gray.0">
        <Text size="xs" c="dimmed" mb={4}>
          {t('outbox.message')}
        </Text>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', fontFamily: 'var(--mantine-font-family-monospace)' }}>
          {e.bodyText}
        </Text>
      </Card>
    </Stack>
  );
}

export function OutboxPage() {
  const { t } = useTranslation('activities');
  const filters = useUrlFilters({ status: '', email: '' });
  const status = useOutboxSummary();
  const query = { status: filters.values.status || undefined };
  const list = useKeysetList(activitiesKeys.outboxList(query), (cursor, signal) => outboxApi.list(query, cursor, signal));
  const counts = status.data?.counts;

  const columns: Column<OutboxEmail>[] = [
    { key: 'created', header: t('outbox.created'), render: (e) => <When value={e.createdAt} size="sm" style={{ whiteSpace: 'nowrap' }} />, width: 110 },
    { key: 'status', header: t('outbox.status'), render: (e) => <EmailStatus email={e} />, width: 100 },
    {
      key: 'to',
      header: t('outbox.to'),
      render: (e) => (
        <Stack gap={0}>
          {e.toName && <Text size="sm">{e.toName}</Text>}
          <Text size="xs" c="dimmed">{e.to}</Text>
        </Stack>
      ),
    },
    { key: 'subject', header: t('outbox.subject'), render: (e) => <Text size="sm" lineClamp={2}>{e.subject}</Text> },
    { key: 'attempts', header: t('outbox.attempts'), render: (e) => e.attempts, align: 'right', width: 80, wide: true },
    { key: 'error', header: t('outbox.lastError'), render: (e) => <Text size="xs" c="red.8" lineClamp={1} title={e.lastError ?? ''}>{e.lastError}</Text>, wide: true },
  ];

  return (
    <ListPage
      title={t('outbox.title')}
      top={
        status.data && (
          <Alert color={status.data.smtpConfigured ? 'teal' : 'yellow'} icon={<Icon name={status.data.smtpConfigured ? 'send' : 'alert'} />}>
            {status.data.smtpConfigured ? t('outbox.smtpOk') : t('outbox.smtpMissing')}
          </Alert>
        )
      }
      filterState={{ active: Boolean(filters.values.status) }}
      filters={
        <SegmentedControl
          aria-label={t('outbox.status')}
          size="xs"
          value={filters.values.status}
          onChange={(s) => filters.set({ status: s })}
          data={[
            { value: '', label: t('pending.all') },
            ...(['queued', 'sending', 'sent', 'failed'] as const).map((s) => ({ value: s, label: `${t(`outbox.statuses.${s}`)}${counts ? ` (${counts[s]})` : ''}` })),
          ]}
        />
      }
      list={list}
      columns={columns}
      rowHref={(e) => `/outbox?${new URLSearchParams({ ...(filters.values.status ? { status: filters.values.status } : {}), email: e.id })}`}
      empty={<EmptyHint title={t('outbox.empty')} />}
    >
      <Drawer opened={Boolean(filters.values.email)} onClose={() => filters.set({ email: '' })} position="right" size="lg" title={t('outbox.message')}>
        {filters.values.email && <EmailDetail id={filters.values.email} />}
      </Drawer>
    </ListPage>
  );
}
