/**
 * "Registrar dedicación": the quick time entry of a customer (spec section 4). Three fields (what
 * was done, date, duration) with the employee (me) and today filled in, and an optional next
 * follow-up date. The server finds or creates the project and task; the dialog then says which.
 * When the customer has several active projects and none has its code, the server answers
 * project_choice_required and the dialog lets the user choose, keeping what was typed.
 */
import { Alert, Anchor, Button, Group, Modal, Radio, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../app/api.ts';
import { useAuth, useCan } from '../app/auth.tsx';
import { useFormat } from '../app/format.ts';
import { useCallFinishedElsewhere } from '../calls/queries.ts';
import { FormFooter } from '../ui/form-footer.tsx';
import { Icon } from '../ui/icons.tsx';
import { useApiForm } from '../ui/use-api-form.ts';
import { type Project, type QuickTimeResult, timeApi } from './queries.ts';
import { DateField } from './date-field.tsx';
import { formatMinutes, parseDuration } from './duration.ts';
import { personOptions, useUsers } from '../users/queries.ts';

export type QuickTimeCustomer = { id: string; name: string; code?: string | null };

type Values = { text: string; userId: string | null; date: string | null; duration: string; nextFollowUpDate: string | null; projectId: string | null };

export function QuickTimeDialog({ customer, opened, onClose, fromCallId }: { customer: QuickTimeCustomer; opened: boolean; onClose: () => void; fromCallId?: string }) {
  const { t } = useTranslation('projects');
  return (
    <Modal opened={opened} onClose={onClose} title={t('quick.title', { customer: customer.name })} size="lg" data-testid="quick-time-dialog">
      {opened && <QuickTimeForm customer={customer} onClose={onClose} fromCallId={fromCallId} />}
    </Modal>
  );
}

export function QuickTimeForm({ customer, onClose, fromCallId }: { customer: QuickTimeCustomer; onClose: () => void; fromCallId?: string }) {
  const { t } = useTranslation('projects');
  const { user } = useAuth();
  const f = useFormat();
  const users = useUsers();
  const queryClient = useQueryClient();
  const callFinishedElsewhere = useCallFinishedElsewhere();
  const [candidates, setCandidates] = useState<Project[] | null>(null);
  // The call is finished by the first entry recorded; another one from here is a plain entry.
  const [callId, setCallId] = useState(fromCallId);
  const [finishedCall, setFinishedCall] = useState<string | null>(null);
  const [result, setResult] = useState<{ result: QuickTimeResult; minutes: number; date: string } | null>(null);
  const initialValues: Values = { text: '', userId: user?.id ?? null, date: f.today(), duration: '', nextFollowUpDate: null, projectId: null };

  const form = useApiForm<Values, { result: QuickTimeResult; minutes: number; date: string } | null>({
    initialValues,
    fieldAliases: { minutes: 'duration' },
    submit: async (v) => {
      const minutes = parseDuration(v.duration);
      if (minutes === null || minutes < 1) {
        throw new ApiError(400, { code: 'validation_failed', detail: t('common:errors.checkFields'), errors: [{ field: 'duration', code: 'invalid', message: t('quick.durationInvalid') }] });
      }
      try {
        const r = await timeApi.quick(customer.id, {
          text: v.text,
          userId: v.userId ?? '',
          date: v.date ?? '',
          minutes,
          nextFollowUpDate: v.nextFollowUpDate || null,
          projectId: candidates ? v.projectId : undefined,
          ...(callId ? { fromCallId: callId } : {}),
        });
        return { result: r, minutes, date: v.date ?? '' };
      } catch (error) {
        if (error instanceof ApiError && error.code === 'project_choice_required') {
          const list = (error.body.candidates as Project[]) ?? [];
          setCandidates(list);
          return null;
        }
        throw error;
      }
    },
    onSuccess: (r) => {
      if (!r) return;
      setResult(r);
      if (callId) {
        setFinishedCall(callId);
        setCallId(undefined);
        // "Cerrar" goes back to the call: its cached pending copy must not show first.
        callFinishedElsewhere(callId);
      }
      void queryClient.invalidateQueries();
    },
  });

  if (result) {
    const r = result.result;
    const projectLine = r.projectCreated ? 'quick.projectCreated' : r.projectReactivated ? 'quick.projectReactivated' : 'quick.projectUsed';
    return (
      <Stack data-testid="quick-time-result">
        <Alert color="green" title={t('quick.done')} icon={<Icon name="check" />} role="status">
          <Stack gap={4}>
            <Text size="sm">{t('quick.summary', { duration: formatMinutes(result.minutes), date: f.date(result.date) })}</Text>
            <Text size="sm">{t(projectLine, { code: r.projectCode, name: r.projectName })}</Text>
            <Text size="sm">{t(r.taskCreated ? 'quick.taskCreated' : 'quick.taskUsed', { title: r.taskTitle })}</Text>
            <Text size="sm">{r.nextFollowUpDate ? t('quick.nextSet', { date: f.date(r.nextFollowUpDate) }) : t('quick.nextCleared')}</Text>
            {finishedCall && <Text size="sm">{t('quick.callFinished', { id: finishedCall })}</Text>}
          </Stack>
        </Alert>
        <Group justify="space-between">
          <Group gap="xs">
            <Anchor component={Link} to={`/tasks/${r.taskId}`} size="sm" onClick={onClose}>
              {t('quick.openTask')}
            </Anchor>
            <Anchor component={Link} to={`/projects/${r.projectId}`} size="sm" onClick={onClose}>
              {t('quick.openProject')}
            </Anchor>
          </Group>
          <Group gap="xs">
            <Button
              variant="default"
              onClick={() => {
                setResult(null);
                setCandidates(null);
                setFinishedCall(null);
                form.reset(initialValues);
              }}
            >
              {t('quick.another')}
            </Button>
            <Button onClick={onClose} data-autofocus>
              {t('common:actions.close')}
            </Button>
          </Group>
        </Group>
      </Stack>
    );
  }

  const minutes = parseDuration(form.values.duration);
  const userOptions = personOptions(users.data, form.values.userId);
  if (user && !userOptions.some((o) => o.value === user.id)) userOptions.unshift({ value: user.id, label: user.name });

  return (
    <form {...form.formProps}>
      <Stack>
        <Textarea label={t('quick.text')} placeholder={t('quick.textPlaceholder')} autosize minRows={2} maxRows={6} required data-autofocus {...form.text('text')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DateField label={t('fields.date')} required {...form.select('date')} />
          <TextInput
            label={t('quick.duration')}
            placeholder="1:30"
            required
            description={minutes !== null && minutes > 0 ? t('quick.durationIs', { value: formatMinutes(minutes) }) : t('quick.durationHint')}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            {...form.text('duration')}
          />
          <Select label={t('quick.employee')} data={userOptions} searchable required allowDeselect={false} {...form.select('userId')} />
          <DateField label={t('quick.next')} description={t('quick.nextHint')} inputWrapperOrder={['label', 'input', 'description', 'error']} clearable minDate={form.values.date ?? undefined} {...form.select('nextFollowUpDate')} />
        </SimpleGrid>
        {callId && (
          <Alert color="blue" icon={<Icon name="phone" />} py={6}>
            <Text size="sm">{t('quick.fromCall', { id: callId })}</Text>
          </Alert>
        )}
        {candidates && (
          <Alert color="orange" title={t('quick.chooseTitle')} icon={<Icon name="alert" />} data-testid="project-choice">
            <Text size="sm" mb="xs">
              {t('quick.chooseHelp')}
            </Text>
            <Radio.Group {...form.select('projectId')} value={form.values.projectId ?? ''} onChange={(v) => form.setValue('projectId', v)} aria-label={t('quick.chooseTitle')}>
              <Stack gap={6}>
                {candidates.map((p) => (
                  <Radio key={p.id} value={p.id} label={`${p.code} · ${p.name} (${t(`kind.${p.kind}`)})`} />
                ))}
              </Stack>
            </Radio.Group>
          </Alert>
        )}
        <FormFooter form={form} onCancel={onClose} submitLabel={t('quick.submit')} submitIcon={<Icon name="clock" size={16} />} submitDisabled={!!candidates && !form.values.projectId} />
      </Stack>
    </form>
  );
}

/** The customer action: a button that opens the quick time entry (hidden without support.write). */
export function QuickTimeButton({ customer, size = 'sm', variant = 'light', fromCallId }: { customer: QuickTimeCustomer; size?: 'xs' | 'sm'; variant?: 'light' | 'default' | 'filled' | 'subtle'; fromCallId?: string }) {
  const { t } = useTranslation('projects');
  const allowed = useCan('support.write');
  const [opened, setOpened] = useState(false);
  if (!allowed) return null;
  return (
    <>
      <Button size={size} variant={variant} leftSection={<Icon name="clock" size={16} />} onClick={() => setOpened(true)}>
        {t('quick.action')}
      </Button>
      {/* React events bubble out of the dialog's portal: keep clicks and Enter from reaching a list row around the button. */}
      <div style={{ display: 'contents' }} onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
        <QuickTimeDialog customer={customer} opened={opened} onClose={() => setOpened(false)} fromCallId={fromCallId} />
      </div>
    </>
  );
}
