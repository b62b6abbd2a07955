import { Button, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useCan } from '../app/auth.tsx';
import { ActiveBadge, PendingBadge, StatusBadge } from '../ui/badges.tsx';
import { LoadError, PageLoader } from '../ui/feedback.tsx';
import { Icon } from '../ui/icons.tsx';
import { type Column, EmptyHint, ListTable, useKeysetList } from '../ui/list.tsx';
import { AddButton, Fields, PageHeader, Section } from '../ui/page.tsx';
import { DateText, When } from '../ui/when.tsx';
import { projectsApi, projectsKeys, type Task, tasksApi, timeApi } from './queries.ts';
import { formatMinutes } from './duration.ts';
import { ProjectFormDialog } from './project-form.tsx';
import { QuickTimeButton } from './quick-time-dialog.tsx';
import { TaskFormDialog } from './task-form.tsx';
import { TimeEntriesTable } from './time-entries-table.tsx';

export function ProjectPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('projects');
  const canWrite = useCan('support.write');
  const [editing, setEditing] = useState(false);
  const [addingTask, setAddingTask] = useState(false);
  const project = useQuery({ queryKey: projectsKeys.detail(id), queryFn: () => projectsApi.get(id) });
  const totals = useQuery({ queryKey: projectsKeys.timeReport({ groupBy: 'employee', projectId: id }), queryFn: ({ signal }) => timeApi.report({ groupBy: 'employee', projectId: id }, signal) });
  const tasks = useKeysetList(projectsKeys.tasks({ projectId: id }), (cursor, signal) => tasksApi.list({ projectId: id, cursor, limit: 50 }, signal));
  if (project.isPending) return <PageLoader />;
  if (project.isError) return <LoadError error={project.error} onRetry={() => void project.refetch()} />;
  const p = project.data;
  const taskColumns: Column<Task>[] = [
    { key: 'title', header: t('fields.title'), render: (r) => r.title },
    { key: 'assignee', header: t('fields.assignee'), render: (r) => r.assigneeName },
    { key: 'next', header: t('fields.nextFollowUpDate'), render: (r) => <DateText value={r.nextFollowUpDate} fz="inherit" /> },
    { key: 'status', header: t('fields.status'), render: (r) => <PendingBadge pending={r.status === 'pending'} pendingLabel={t('status.pending')} doneLabel={t('status.done')} /> },
    { key: 'created', header: t('fields.createdAt'), render: (r) => <When value={r.createdAt} fz="inherit" />, wide: true },
  ];
  return (
    <Stack maw={1200}>
      <PageHeader
        title={`${p.code} · ${p.name}`}
        subtitle={p.customerName}
        back={{ to: '/projects', label: t('projects.title') }}
        badges={
          <>
            <StatusBadge tone={p.kind === 'production' ? 'green' : 'violet'}>{t(`kind.${p.kind}`)}</StatusBadge>
            <ActiveBadge active={p.active} />
          </>
        }
        actions={
          canWrite && (
            <>
              <QuickTimeButton customer={{ id: p.customerId, name: p.customerName ?? '' }} />
              <Button variant="default" size="sm" leftSection={<Icon name="edit" size={16} />} onClick={() => setEditing(true)}>
                {t('common:actions.edit')}
              </Button>
            </>
          )
        }
      />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Section title={t('projects.details')}>
          <Fields
            items={[
              { label: t('fields.code'), value: p.code },
              { label: t('fields.customer'), value: p.customerName },
              { label: t('fields.kind'), value: t(`kind.${p.kind}`) },
              { label: t('fields.createdAt'), value: <When value={p.createdAt} /> },
            ]}
          />
        </Section>
        <Section title={t('projects.totalTime')}>
          {totals.data && (
            <Stack gap={4}>
              <Text fz={28} fw={700} data-testid="project-total">
                {formatMinutes(totals.data.totals.minutes)}
              </Text>
              {totals.data.rows.map((r) => (
                <Group key={r.id ?? 'none'} justify="space-between">
                  <Text size="sm">{r.name}</Text>
                  <Text size="sm" c="dimmed">
                    {formatMinutes(r.minutes)}
                  </Text>
                </Group>
              ))}
            </Stack>
          )}
        </Section>
      </SimpleGrid>
      <Section
        title={t('projects.tasks')}
        actions={canWrite && <AddButton label={t('tasks.new')} onClick={() => setAddingTask(true)} />}
      >
        <ListTable list={tasks} columns={taskColumns} rowKey={(r) => r.id} rowHref={(r) => `/tasks/${r.id}`} empty={<EmptyHint title={t('projects.noTasks')} />} />
      </Section>
      <Section title={t('projects.time')}>
        <TimeEntriesTable query={{ projectId: id }} hide={['customer', 'project']} empty={t('projects.noTime')} />
      </Section>
      <ProjectFormDialog opened={editing} onClose={() => setEditing(false)} project={p} />
      <TaskFormDialog opened={addingTask} onClose={() => setAddingTask(false)} preset={{ customerId: p.customerId, customerName: p.customerName ?? undefined, projectId: p.id }} />
    </Stack>
  );
}
