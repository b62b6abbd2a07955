import { Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useCan } from '../app/auth.tsx';
import { PendingBadge } from '../ui/badges.tsx';
import { LoadError, notifyError, notifySuccess, PageLoader } from '../ui/feedback.tsx';
import { Icon } from '../ui/icons.tsx';
import { Fields, PageHeader, Section } from '../ui/page.tsx';
import { DateText, When } from '../ui/when.tsx';
import { projectsKeys, tasksApi } from './queries.ts';
import { QuickTimeButton } from './quick-time-dialog.tsx';
import { TaskFormDialog } from './task-form.tsx';
import { TimeEntriesTable } from './time-entries-table.tsx';

export function TaskPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('projects');
  const canWrite = useCan('support.write');
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const task = useQuery({ queryKey: projectsKeys.task(id), queryFn: () => tasksApi.get(id) });
  const toggle = useMutation({
    mutationFn: (status: 'pending' | 'done') => tasksApi.update(id, { status }),
    onSuccess: () => {
      notifySuccess(t('tasks.saved'));
      void queryClient.invalidateQueries();
    },
    onError: (e) => notifyError(e),
  });
  if (task.isPending) return <PageLoader />;
  if (task.isError) return <LoadError error={task.error} onRetry={() => void task.refetch()} />;
  const r = task.data;
  return (
    <Stack maw={1100}>
      <PageHeader
        title={r.title}
        back={{ to: '/tasks', label: t('tasks.title') }}
        badges={<PendingBadge pending={r.status === 'pending'} pendingLabel={t('status.pending')} doneLabel={t('status.done')} />}
        actions={
          canWrite && (
            <>
              {r.customerId && <QuickTimeButton customer={{ id: r.customerId, name: r.customerName ?? '' }} />}
              <Button variant="default" size="sm" leftSection={<Icon name="edit" size={16} />} onClick={() => setEditing(true)}>
                {t('common:actions.edit')}
              </Button>
              {r.status === 'pending' ? (
                <Button size="sm" color="teal.9" leftSection={<Icon name="check" size={16} />} onClick={() => toggle.mutate('done')} loading={toggle.isPending}>
                  {t('tasks.markDone')}
                </Button>
              ) : (
                <Button size="sm" variant="light" onClick={() => toggle.mutate('pending')} loading={toggle.isPending}>
                  {t('tasks.reopen')}
                </Button>
              )}
            </>
          )
        }
      />
      <Section title={t('tasks.details')}>
        <Fields
          items={[
            { label: t('fields.customer'), value: r.customerName },
            { label: t('fields.project'), value: r.projectId ? <Anchor component={Link} to={`/projects/${r.projectId}`}>{r.projectCode}</Anchor> : null },
            { label: t('fields.assignee'), value: r.assigneeName },
            { label: t('fields.status'), value: t(`status.${r.status}`) },
            { label: t('fields.nextFollowUpDate'), value: r.nextFollowUpDate && <DateText value={r.nextFollowUpDate} /> },
            { label: t('fields.dueDate'), value: r.dueDate && <DateText value={r.dueDate} /> },
            { label: t('fields.createdAt'), value: <When value={r.createdAt} /> },
            { label: t('status.done'), value: r.doneAt && <When value={r.doneAt} /> },
          ]}
        />
        {r.description && (
          <Text size="sm" mt="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {r.description}
          </Text>
        )}
      </Section>
      <Section title={t('tasks.timeEntries')}>
        <TimeEntriesTable query={{ taskId: id }} hide={['customer', 'project', 'task']} empty={t('tasks.noTime')} />
      </Section>
      <TaskFormDialog opened={editing} onClose={() => setEditing(false)} task={r} />
    </Stack>
  );
}
