/** Create or edit a task: title, customer and project, assignee (a user or a group), dates. */
import { useCallFinishedNotice } from '../calls/from-call.tsx';
import { Alert, Modal, SegmentedControl, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../app/auth.tsx';
import { notifySuccess } from '../ui/feedback.tsx';
import { FormFooter } from '../ui/form-footer.tsx';
import { Icon } from '../ui/icons.tsx';
import { useApiForm } from '../ui/use-api-form.ts';
import { type Task, tasksApi } from './queries.ts';
import { DateField } from './date-field.tsx';
import { CustomerSelect, GroupSelect, ProjectSelect, UserSelect } from './pickers.tsx';

type Values = {
  title: string;
  description: string;
  customerId: string | null;
  projectId: string | null;
  assignTo: 'user' | 'group';
  assigneeUserId: string | null;
  assigneeGroupId: string | null;
  dueDate: string | null;
  nextFollowUpDate: string | null;
};

export function TaskFormDialog({
  opened,
  onClose,
  task,
  preset,
  onSaved,
  fromCallId,
}: {
  opened: boolean;
  onClose: () => void;
  task?: Task;
  preset?: { customerId?: string; customerName?: string; projectId?: string };
  onSaved?: (task: Task) => void;
  /** the call this new task comes from: saving finishes it */
  fromCallId?: string;
}) {
  const { t } = useTranslation('projects');
  return (
    <Modal opened={opened} onClose={onClose} title={task ? t('tasks.edit') : t('tasks.new')} size="lg">
      {opened && <TaskForm task={task} preset={preset} onClose={onClose} onSaved={onSaved} fromCallId={task ? undefined : fromCallId} />}
    </Modal>
  );
}

export function TaskForm({
  task,
  preset,
  onClose,
  onSaved,
  fromCallId,
}: {
  task?: Task;
  preset?: { customerId?: string; customerName?: string; projectId?: string };
  onClose: () => void;
  onSaved?: (task: Task) => void;
  /** Creating the task finishes this call (same transaction on the server). */
  fromCallId?: string;
}) {
  const { t } = useTranslation('projects');
  const callFinished = useCallFinishedNotice();
  const { user } = useAuth();
  const queryClient = useQueryClient();
  const form = useApiForm<Values, Task>({
    initialValues: {
      title: task?.title ?? '',
      description: task?.description ?? '',
      customerId: task?.customerId ?? preset?.customerId ?? null,
      projectId: task?.projectId ?? preset?.projectId ?? null,
      assignTo: task?.assigneeGroupId ? 'group' : 'user',
      assigneeUserId: task ? task.assigneeUserId : (user?.id ?? null),
      assigneeGroupId: task?.assigneeGroupId ?? null,
      dueDate: task?.dueDate ?? null,
      nextFollowUpDate: task?.nextFollowUpDate ?? null,
    },
    fieldAliases: { assigneeGroupId: 'assigneeGroupId', assigneeUserId: 'assigneeUserId' },
    submit: (v) => {
      const body = {
        title: v.title,
        description: v.description || null,
        customerId: v.customerId,
        projectId: v.projectId,
        assigneeUserId: v.assignTo === 'user' ? v.assigneeUserId : null,
        assigneeGroupId: v.assignTo === 'group' ? v.assigneeGroupId : null,
        dueDate: v.dueDate || null,
        nextFollowUpDate: v.nextFollowUpDate || null,
      };
      return task ? tasksApi.update(task.id, body) : tasksApi.create({ ...body, ...(fromCallId ? { fromCallId } : {}) });
    },
    onSuccess: (saved) => {
      notifySuccess(task ? t('tasks.saved') : t('tasks.created'));
      if (!task) callFinished(fromCallId);
      void queryClient.invalidateQueries();
      onSaved?.(saved);
      onClose();
    },
  });
  const v = form.values;
  return (
    <form {...form.formProps}>
      <Stack>
        <TextInput label={t('fields.title')} required data-autofocus {...form.text('title')} />
        <Textarea label={t('fields.description')} autosize minRows={2} maxRows={8} {...form.text('description')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <CustomerSelect
            label={t('fields.customer')}
            placeholder={t('projects.pickCustomer')}
            initial={v.customerId ? { id: v.customerId, name: task?.customerName ?? preset?.customerName ?? v.customerId } : null}
            {...form.select('customerId')}
            onChange={(id) => {
              form.setValue('customerId', id);
              form.setValue('projectId', null);
            }}
          />
          <ProjectSelect label={t('fields.project')} customerId={v.customerId} {...form.select('projectId')} />
        </SimpleGrid>
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('tasks.assignTo')}
          </Text>
          <SegmentedControl
            value={v.assignTo}
            onChange={(x) => form.setValue('assignTo', x)}
            data={[
              { value: 'user', label: t('tasks.assignUser') },
              { value: 'group', label: t('tasks.assignGroup') },
            ]}
            w="fit-content"
          />
          {v.assignTo === 'user' ? (
            <UserSelect label={t('fields.assigneeUser')} required {...form.select('assigneeUserId')} />
          ) : (
            <GroupSelect label={t('fields.assigneeGroup')} required {...form.select('assigneeGroupId')} />
          )}
        </Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DateField label={t('fields.dueDate')} clearable {...form.select('dueDate')} />
          <DateField label={t('fields.nextFollowUpDate')} clearable {...form.select('nextFollowUpDate')} />
        </SimpleGrid>
        {fromCallId && !task && (
          <Alert color="blue" icon={<Icon name="phone" />} py={6}>
            <Text size="sm">{t('tasks.fromCall', { id: fromCallId })}</Text>
          </Alert>
        )}
        <FormFooter form={form} onCancel={onClose} />
      </Stack>
    </form>
  );
}
