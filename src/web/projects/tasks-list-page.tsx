import { Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCan } from '../app/auth.tsx';
import { useFormat } from '../app/format.ts';
import { PendingBadge } from '../ui/badges.tsx';
import { type Column, EmptyHint, useKeysetList, useUrlFilters } from '../ui/list.tsx';
import { FilterSelect, FilterText, optionsOf } from '../ui/list-filters.tsx';
import { ListPage } from '../ui/list-page.tsx';
import { DateText, When } from '../ui/when.tsx';
import { projectsKeys, type Task, tasksApi } from './queries.ts';
import { TaskFormDialog } from './task-form.tsx';

export function TasksListPage() {
  const { t } = useTranslation('projects');
  const navigate = useNavigate();
  const today = useFormat().today();
  const canWrite = useCan('support.write');
  const [creating, setCreating] = useState(false);
  const filters = useUrlFilters({ assignee: 'mine', status: 'pending', due: '', q: '', customerId: '', projectId: '' });
  const v = filters.values;
  const query = {
    assignee: v.assignee === 'all' ? undefined : v.assignee,
    status: v.status === 'all' ? undefined : v.status,
    due: v.due || undefined,
    q: v.q || undefined,
    customerId: v.customerId || undefined,
    projectId: v.projectId || undefined,
  };
  const list = useKeysetList(projectsKeys.tasks(query), (cursor, signal) => tasksApi.list({ ...query, cursor, limit: 50 }, signal));
  const columns: Column<Task>[] = [
    { key: 'title', header: t('fields.title'), render: (r) => <Text size="sm" fw={500}>{r.title}</Text> },
    { key: 'customer', header: t('fields.customer'), render: (r) => r.customerName ?? '—' },
    { key: 'project', header: t('fields.project'), render: (r) => r.projectCode ?? '—', wide: true },
    { key: 'assignee', header: t('fields.assignee'), render: (r) => r.assigneeName ?? '—' },
    { key: 'next', header: t('fields.nextFollowUpDate'), render: (r) => <DateText value={r.nextFollowUpDate} fz="inherit" /> },
    { key: 'due', header: t('fields.dueDate'), render: (r) => <DateText value={r.dueDate} fz="inherit" c={r.status === 'pending' && r.dueDate && r.dueDate < today ? 'red' : undefined} fw={r.status === 'pending' && r.dueDate && r.dueDate < today ? 600 : undefined} /> },
    { key: 'status', header: t('fields.status'), render: (r) => <PendingBadge pending={r.status === 'pending'} pendingLabel={t('status.pending')} doneLabel={t('status.done')} /> },
    { key: 'created', header: t('fields.createdAt'), render: (r) => <When value={r.createdAt} fz="inherit" />, wide: true },
  ];
  return (
    <ListPage
      title={t('tasks.title')}
      csv={{
        filename: 'tareas.csv',
        fetchPage: (cursor) => tasksApi.list({ ...query, cursor, limit: 200 }),
        columns: [
          { header: t('fields.title'), value: (r: Task) => r.title },
          { header: t('fields.customer'), value: (r: Task) => r.customerName },
          { header: t('fields.project'), value: (r: Task) => r.projectCode },
          { header: t('fields.assignee'), value: (r: Task) => r.assigneeName },
          { header: t('fields.nextFollowUpDate'), value: (r: Task) => r.nextFollowUpDate },
          { header: t('fields.dueDate'), value: (r: Task) => r.dueDate },
          { header: t('fields.status'), value: (r: Task) => t(`status.${r.status}`) },
        ],
      }}
      create={{ label: t('tasks.new'), onClick: () => setCreating(true), allowed: canWrite }}
      filterState={filters}
      filters={
        <>
        <FilterSelect filters={filters} name="assignee" label={t('tasks.filterAssignee')} w={200} options={optionsOf(['mine', 'me', 'my_groups', 'all'], (k) => t(`tasks.assignee.${k}`))} />
        <FilterSelect filters={filters} name="status" label={t('fields.status')} w={140} options={{ pending: t('status.pending'), done: t('status.done'), all: t('common:state.all') }} />
        <FilterSelect filters={filters} name="due" label={t('tasks.filterDue')} w={170} emptyAs="all" options={optionsOf(['all', 'overdue', 'today', 'next7'], (k) => t(`tasks.due.${k}`))} />
        <FilterText filters={filters} label={t('tasks.search')} w={260} />
        </>
      }
      list={list}
      columns={columns}
      rowHref={(r) => `/tasks/${r.id}`}
      empty={<EmptyHint title={t('tasks.empty')} />}
    >
      <TaskFormDialog opened={creating} onClose={() => setCreating(false)} onSaved={(task) => navigate(`/tasks/${task.id}`)} />
    </ListPage>
  );
}
