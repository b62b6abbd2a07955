/** A keyset list of time entries for any filter (a task, a project, a customer, mine…). */
import { ActionIcon, Text, Tooltip } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../app/auth.tsx';
import type { Query } from '../app/api.ts';
import { can } from '../../shared/roles.ts';
import { notifyError, notifySuccess } from '../ui/feedback.tsx';
import { Icon } from '../ui/icons.tsx';
import { type Column, EmptyHint, ListTable, useKeysetList } from '../ui/list.tsx';
import { DateText } from '../ui/when.tsx';
import { projectsKeys, type TimeEntry, timeApi } from './queries.ts';
import { formatMinutes } from './duration.ts';

export function TimeEntriesTable({ query, hide = [], empty }: { query: Query; hide?: Array<'customer' | 'project' | 'task' | 'employee'>; empty: string }) {
  const { t } = useTranslation('projects');
  const { user } = useAuth();
  const queryClient = useQueryClient();
  const list = useKeysetList(projectsKeys.timeEntries(query), (cursor, signal) => timeApi.list({ ...query, cursor, limit: 50 }, signal));
  const remove = useMutation({
    mutationFn: (id: string) => timeApi.remove(id),
    onSuccess: () => {
      notifySuccess(t('time.deleted'));
      void queryClient.invalidateQueries();
    },
    onError: (e) => notifyError(e),
  });
  const mayChange = (r: TimeEntry) => !!user && (r.userId === user.id || r.createdBy === user.id || can(user.role, 'catalogs.write')) && can(user.role, 'support.write');
  const columns: Column<TimeEntry>[] = [
    { key: 'date', header: t('fields.date'), render: (r) => <DateText value={r.date} fz="inherit" />, width: 110 },
    { key: 'employee', header: t('fields.employee'), render: (r) => r.userName },
    { key: 'customer', header: t('fields.customer'), render: (r) => r.customerName },
    { key: 'project', header: t('fields.project'), render: (r) => r.projectCode ?? '—', wide: true },
    { key: 'task', header: t('fields.task'), render: (r) => r.taskTitle ?? '—', wide: true },
    { key: 'text', header: t('fields.text'), render: (r) => <Text size="sm" lineClamp={2}>{r.text}</Text> },
    { key: 'duration', header: t('fields.duration'), render: (r) => formatMinutes(r.minutes), align: 'right', width: 110 },
    {
      key: 'actions',
      header: '',
      width: 40,
      render: (r) =>
        mayChange(r) ? (
          <Tooltip label={t('common:actions.delete')}>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={t('common:actions.delete')}
              onClick={() => {
                if (window.confirm(t('time.confirmDelete'))) remove.mutate(r.id);
              }}
            >
              <Icon name="trash" size={16} />
            </ActionIcon>
          </Tooltip>
        ) : null,
    },
  ];
  return <ListTable list={list} columns={columns.filter((c) => !hide.includes(c.key as 'customer'))} rowKey={(r) => r.id} empty={<EmptyHint title={empty} />} />;
}
