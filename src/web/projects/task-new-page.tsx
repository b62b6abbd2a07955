/** `/tasks/new?customerId=…&fromCallId=…`: a new task on its own page (the call page's action menu opens it). */
import { Card, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useCustomer } from '../customers/queries.ts';
import { PageLoader } from '../ui/feedback.tsx';
import { PageHeader } from '../ui/page.tsx';
import { TaskForm } from './task-form.tsx';

export function TaskNewPage() {
  const { t } = useTranslation('projects');
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const customerId = params.get('customerId') || undefined;
  const projectId = params.get('projectId') || undefined;
  const fromCallId = params.get('fromCallId') || undefined;
  const customer = useCustomer(customerId);
  if (customerId && customer.isPending) return <PageLoader />;
  return (
    <Stack maw={860}>
      <PageHeader title={t('tasks.new')} back={{ to: '/tasks', label: t('tasks.title') }} />
      <Card withBorder padding="lg">
        <TaskForm
          preset={{ customerId, customerName: customer.data?.name, projectId }}
          fromCallId={fromCallId}
          onClose={() => navigate(fromCallId ? `/calls/${fromCallId}` : '/tasks')}
          onSaved={(task) => navigate(`/tasks/${task.id}`, { replace: true })}
        />
      </Card>
    </Stack>
  );
}
