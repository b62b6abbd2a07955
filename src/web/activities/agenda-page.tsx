/** The customer agenda: call-backs and other dated entries, mine by default, pending first by due time. */
import { Anchor, Button, Card, Group, Modal, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useAuth, useCan } from '../app/auth.tsx';
import { StatusBadge } from '../ui/badges.tsx';
import { notifyError, notifySuccess } from '../ui/feedback.tsx';
import { FormFooter } from '../ui/form-footer.tsx';
import { Icon } from '../ui/icons.tsx';
import { type Column, EmptyHint, useKeysetList, useUrlFilters } from '../ui/list.tsx';
import { FilterSegments } from '../ui/list-filters.tsx';
import { ListPage } from '../ui/list-page.tsx';
import { useApiForm } from '../ui/use-api-form.ts';
import { When } from '../ui/when.tsx';
import { activitiesKeys, type CustomerEvent, customerEventsApi, useCustomerEvent } from './queries.ts';
import { CustomerSelect, GroupSelect, UserSelect } from './pickers.tsx';

type Values = { customerId: string | null; kind: string; title: string; notes: string; dueAt: string | null; assigneeUserId: string | null; assigneeGroupId: string | null };

/** Mantine's pickers give local wall time "YYYY-MM-DD HH:mm:ss"; the API wants an instant. */
function toInstant(local: string | null): string | undefined {
  if (!local) return undefined;
  const d = new Date(local.replace(' ', 'T'));
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
}

function EventForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation('activities');
  const { user } = useAuth();
  const form = useApiForm<Values, CustomerEvent>({
    initialValues: { customerId: null, kind: 'callback', title: '', notes: '', dueAt: null, assigneeUserId: user?.id ?? null, assigneeGroupId: null },
    submit: (v) => customerEventsApi.create({ ...v, customerId: v.customerId ?? undefined, dueAt: toInstant(v.dueAt) }),
    onSuccess: () => {
      notifySuccess(t('agenda.created'));
      onDone();
    },
  });
  // Assigned to a user or to a group: choosing one clears the other.
  const assignee = (field: 'assigneeUserId' | 'assigneeGroupId', other: 'assigneeUserId' | 'assigneeGroupId') => ({
    ...form.select(field),
    onChange: (id: string | null) => {
      form.setValue(field, id);
      if (id) form.setValue(other, null);
    },
  });
  return (
    <form {...form.formProps}>
      <Stack gap="sm">
        <CustomerSelect label={t('fields.customer')} required {...form.select('customerId')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Select label={t('fields.kind')} data={(['callback', 'other'] as const).map((k) => ({ value: k as string, label: t(`agenda.kinds.${k}`) }))} allowDeselect={false} {...form.select('kind')} />
          <DateTimePicker label={t('fields.dueAt')} required valueFormat="DD/MM/YYYY HH:mm" {...form.select('dueAt')} />
          <UserSelect label={t('fields.assigneeUser')} {...assignee('assigneeUserId', 'assigneeGroupId')} />
          <GroupSelect label={t('fields.assigneeGroup')} {...assignee('assigneeGroupId', 'assigneeUserId')} />
        </SimpleGrid>
        <TextInput label={t('fields.title')} required {...form.text('title')} />
        <Textarea label={t('fields.notes')} autosize minRows={2} {...form.text('notes')} />
        <FormFooter form={form} />
      </Stack>
    </form>
  );
}

const DEFAULTS = { scope: 'mine', status: 'pending', customerId: '', kind: '' };

export function AgendaPage() {
  const { t } = useTranslation('activities');
  const canWrite = useCan('support.write');
  const queryClient = useQueryClient();
  const filters = useUrlFilters(DEFAULTS);
  const v = filters.values;
  const [params] = useSearchParams();
  const highlighted = params.get('event');
  const [opened, { open, close }] = useDisclosure(false);

  const query = { mine: v.scope === 'mine' ? 'true' : undefined, status: v.status || undefined, customerId: v.customerId || undefined, kind: v.kind || undefined };
  const list = useKeysetList(activitiesKeys.customerEventsList(query), (cursor, signal) => customerEventsApi.list(query, cursor, signal));
  const one = useCustomerEvent(highlighted);

  const setStatus = useMutation({
    mutationFn: ({ id, status }: { id: string; status: 'pending' | 'done' }) => customerEventsApi.update(id, { status }),
    onSuccess: (ev) => {
      if (ev.status === 'done') notifySuccess(t('agenda.markedDone'));
      void queryClient.invalidateQueries({ queryKey: activitiesKeys.customerEvents });
    },
    onError: (e) => notifyError(e),
  });

  const doneButton = (e: CustomerEvent) =>
    canWrite && (
      <Button
        size="compact-xs"
        variant={e.status === 'pending' ? 'light' : 'subtle'}
        color={e.status === 'pending' ? 'green' : 'gray'}
        leftSection={<Icon name={e.status === 'pending' ? 'check' : 'refresh'} size={12} />}
        onClick={() => setStatus.mutate({ id: e.id, status: e.status === 'pending' ? 'done' : 'pending' })}
      >
        {e.status === 'pending' ? t('agenda.markDone') : t('agenda.reopen')}
      </Button>
    );

  const statusBadge = (e: CustomerEvent) =>
    e.status === 'done' ? <StatusBadge tone="green" miw="max-content">{t('agenda.status.done')}</StatusBadge> : e.overdue ? <StatusBadge tone="red" miw="max-content">{t('agenda.overdue')}</StatusBadge> : <StatusBadge tone="orange" miw="max-content">{t('agenda.status.pending')}</StatusBadge>;

  const columns: Column<CustomerEvent>[] = [
    { key: 'due', header: t('fields.dueAt'), render: (e) => <When value={e.dueAt} exact size="sm" c={e.overdue ? 'red.8' : undefined} style={{ whiteSpace: 'nowrap' }} />, width: 140 },
    { key: 'status', header: t('outbox.status'), render: statusBadge, width: 110 },
    { key: 'kind', header: t('fields.kind'), render: (e) => <StatusBadge tone={e.kind === 'callback' ? 'blue' : 'gray'} miw="max-content">{t(`agenda.kinds.${e.kind}`)}</StatusBadge>, wide: true },
    { key: 'customer', header: t('fields.customer'), render: (e) => <Anchor component={Link} to={`/customers/${e.customerId}`} size="sm">{e.customerName}</Anchor> },
    {
      key: 'title',
      header: t('fields.title'),
      render: (e) => (
        <Stack gap={0}>
          <Text size="sm" lineClamp={1} title={e.notes ?? ''}>
            {e.title}
          </Text>
          {e.source?.type === 'activity' && (
            <Anchor component={Link} to={`/activities/${e.source.id}`} size="xs">
              {t('agenda.fromActivity', { id: e.source.id })}
            </Anchor>
          )}
        </Stack>
      ),
    },
    { key: 'assignee', header: t('fields.assignee'), render: (e) => e.assigneeUserName ?? e.assigneeGroupName ?? '—', wide: true },
    { key: 'done', header: '', render: doneButton, width: 120 },
  ];

  return (
    <ListPage
      title={t('agenda.title')}
      create={{ label: t('agenda.new'), onClick: open, allowed: canWrite }}
      top={
        one.data && (
        <Card withBorder padding="sm" bg="blue.0" data-testid="agenda-highlight">
          <Group justify="space-between" wrap="wrap">
            <Stack gap={2}>
              <Group gap="xs">
                {statusBadge(one.data)}
                <Text fw={600}>{one.data.title}</Text>
              </Group>
              <Text size="sm">
                {one.data.customerName} · <When value={one.data.dueAt} exact /> · {one.data.assigneeUserName ?? one.data.assigneeGroupName}
              </Text>
              {one.data.notes && (
                <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                  {one.data.notes}
                </Text>
              )}
            </Stack>
            {doneButton(one.data)}
          </Group>
        </Card>
        )
      }
      filterState={filters}
      filters={
        <>
          <FilterSegments compact filters={filters} name="scope" label={t('fields.assignee')} options={{ mine: t('agenda.mine'), all: t('agenda.everyone') }} />
          <FilterSegments compact filters={filters} name="status" label={t('fields.status')} options={{ pending: t('agenda.status.pending'), done: t('agenda.status.done'), '': t('pending.all') }} />
          <CustomerSelect size="xs" label={t('fields.customer')} value={v.customerId || null} onChange={(id) => filters.set({ customerId: id ?? '' })} w={240} />
          <Select size="xs" label={t('fields.kind')} clearable value={v.kind || null} onChange={(k) => filters.set({ kind: k ?? '' })} data={(['callback', 'other'] as const).map((k) => ({ value: k as string, label: t(`agenda.kinds.${k}`) }))} w={190} />
        </>
      }
      list={list}
      columns={columns}
      empty={<EmptyHint title={t('agenda.empty')} action={canWrite && <Button size="xs" variant="light" onClick={open}>{t('agenda.new')}</Button>} />}
    >
      <Modal opened={opened} onClose={close} title={t('agenda.new')} size="lg">
        <EventForm
          onDone={() => {
            close();
            void queryClient.invalidateQueries({ queryKey: activitiesKeys.customerEvents });
          }}
        />
      </Modal>
    </ListPage>
  );
}
