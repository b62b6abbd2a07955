/** The customer page's "pending tasks": what is still to do for this customer, next follow-up first. */
import { Anchor, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan } from '../app/auth.tsx';
import { useFormat } from '../app/format.ts';
import { StatusBadge } from '../ui/badges.tsx';
import { LoadError } from '../ui/feedback.tsx';
import { EmptyHint } from '../ui/list.tsx';
import { AddButton, Section } from '../ui/page.tsx';
import { DateText } from '../ui/when.tsx';
import { projectsKeys, tasksApi } from './queries.ts';
import { TaskFormDialog } from './task-form.tsx';

export function CustomerTasksSection({ customer, fromCallId }: { customer: { id: string; name: string }; fromCallId?: string }) {
  const { t } = useTranslation('projects');
  const today = useFormat().today();
  const canWrite = useCan('support.write');
  const [adding, setAdding] = useState(false);
  const tasks = useQuery({ queryKey: projectsKeys.tasksFirst({ customerId: customer.id, status: 'pending' }), queryFn: ({ signal }) => tasksApi.list({ customerId: customer.id, status: 'pending', limit: 50 }, signal) });
  const items = [...(tasks.data?.items ?? [])].sort((a, b) => (a.nextFollowUpDate ?? a.dueDate ?? '9999').localeCompare(b.nextFollowUpDate ?? b.dueDate ?? '9999'));
  return (
    <Section
      title={
        <Group gap="xs">
          {t('customerTasks.title')}
          <StatusBadge tone={items.length ? 'orange' : 'gray'}>{items.length}</StatusBadge>
        </Group>
      }
      id="customer-tasks"
      actions={canWrite && <AddButton label={t('tasks.new')} onClick={() => setAdding(true)} />}
    >
      {tasks.isError && <LoadError error={tasks.error} onRetry={() => void tasks.refetch()} />}
      {tasks.data && !items.length && <EmptyHint title={t('customerTasks.empty')} />}
      <Stack gap={6}>
        {items.map((task) => {
          const date = task.nextFollowUpDate ?? task.dueDate;
          const late = !!date && date < today;
          return (
            <Group key={task.id} justify="space-between" wrap="nowrap" gap="xs">
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Anchor component={Link} to={`/tasks/${task.id}`} size="sm" fw={500} truncate>
                  {task.title}
                </Anchor>
                <Text size="xs" c="dimmed" truncate>
                  {[task.projectCode, task.assigneeName].filter(Boolean).join(' · ')}
                </Text>
              </Stack>
              {date && (
                <StatusBadge tone={late ? 'red' : date === today ? 'orange' : 'blue'} title={task.nextFollowUpDate ? t('fields.nextFollowUpDate') : t('fields.dueDate')}>
                  <DateText value={date} fz="inherit" />
                </StatusBadge>
              )}
            </Group>
          );
        })}
      </Stack>
      <TaskFormDialog opened={adding} onClose={() => setAdding(false)} preset={{ customerId: customer.id, customerName: customer.name }} fromCallId={fromCallId} />
    </Section>
  );
}
