/**
 * One call: who called and for whom, its notes (Add), postponements, and the ways to finish it —
 * the Finish button, an action created from it, or the customer page opened from it (which carries
 * `?fromCallId=` so an action created there finishes the call).
 */
import { Anchor, Button, Group, Menu, Select, SimpleGrid, Stack, Text, Textarea, Timeline, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { notifications } from '@mantine/notifications';
import { maySeeAllCalls } from '../../shared/policies.ts';
import { useAuth, useCan } from '../app/auth.tsx';
import { useFormat } from '../app/format.ts';
import { LoadError, notifyError, notifySuccess, PageLoader } from '../ui/feedback.tsx';
import { CatalogSelect, codeSearch, useCatalog } from '../ui/catalogs.tsx';
import { FormDialog } from '../ui/form-dialog.tsx';
import { Icon } from '../ui/icons.tsx';
import { Fields, PageHeader, Section, PrintButton } from '../ui/page.tsx';
import { useApiForm } from '../ui/use-api-form.ts';
import { When } from '../ui/when.tsx';
import { type CallDetail, callsApi, destinationBody, destinationValue, useCall, useCallChanged } from './queries.ts';
import { callActions } from './call-actions.ts';
import { PostponeDialog } from './postpone-dialog.tsx';
import { CallStateBadge, callerText, PriorityBadge, catalogOptions, DestinationSelect, destinationText, useCatalogLabel } from './parts.tsx';

export function CallPage() {
  const { id } = useParams();
  const { t } = useTranslation('calls');
  const call = useCall(id);
  const update = useCallChanged();
  if (call.isPending) return <PageLoader />;
  if (call.isError) return <LoadError error={call.error} onRetry={() => void call.refetch()} />;
  return <CallView call={call.data} onChange={update} title={t('call.title', { who: callerText(call.data) ?? t('call.unknownCaller') })} />;
}

function CallView({ call, onChange, title }: { call: CallDetail; onChange: (c: CallDetail) => void; title: string }) {
  const { t } = useTranslation('calls');
  const f = useFormat();
  const canWrite = useCan('support.write');
  const statuses = useCatalog('call-statuses');
  const types = useCatalog('call-types');
  const label = useCatalogLabel();
  const [postponeOpen, postpone] = useDisclosure(false);
  const [editOpen, edit] = useDisclosure(false);

  const reopen = useMutation({
    mutationFn: () => callsApi.reopen(call.id),
    onSuccess: (c) => {
      notifications.hide(`finished-${call.id}`);
      notifySuccess(t('call.reopened'));
      onChange(c);
    },
    onError: (e) => notifyError(e),
  });
  const finish = useMutation({
    mutationFn: () => callsApi.finish(call.id),
    onSuccess: (c) => {
      // Finishing is one click: the notice offers to undo it for a few seconds (the server allows a minute).
      notifications.show({
        id: `finished-${call.id}`,
        color: 'green',
        icon: <Icon name="check" />,
        autoClose: 10_000,
        message: (
          <Group gap="xs">
            <Text size="sm">{t('call.finished')}</Text>
            <Anchor component="button" type="button" size="sm" fw={600} onClick={() => reopen.mutate()} data-testid="undo-finish">
              {t('call.undo')}
            </Anchor>
          </Group>
        ),
      });
      onChange(c);
    },
    onError: (e) => notifyError(e),
  });
  const { user } = useAuth();
  const supervisor = user ? maySeeAllCalls(user) : false;

  const actions = callActions.filter(() => call.pending);
  const customerHref = call.customerId ? `/customers/${call.customerId}${call.pending ? `?fromCallId=${call.id}` : ''}` : null;

  return (
    <Stack gap="md" maw={1100}>
      <PageHeader
        title={title}
        back={{ to: '/calls', label: t('call.back') }}
        badges={<CallStateBadge call={call} />}
        subtitle={
          <>
            {f.dateTime(call.registeredAt)} · {destinationText(call, t)}
          </>
        }
        actions={
          canWrite ? (
            <>
              <PrintButton />
              <Button variant="default" size="sm" leftSection={<Icon name="edit" size={16} />} onClick={edit.open}>
                {t('call.edit')}
              </Button>
              {call.pending && (
                <Button variant="light" color="violet" size="sm" leftSection={<Icon name="clock" size={16} />} onClick={postpone.open}>
                  {t('postpone.button')}
                </Button>
              )}
              {call.pending && actions.length > 0 && (
                <Menu position="bottom-end">
                  <Menu.Target>
                    <Tooltip label={t('call.createActionHint')}>
                      <Button variant="light" size="sm" leftSection={<Icon name="plus" size={16} />}>
                        {t('call.createAction')}
                      </Button>
                    </Tooltip>
                  </Menu.Target>
                  <Menu.Dropdown>
                    {actions.map((a) => (
                      <Menu.Item key={a.id} component={Link} to={a.href(call)}>
                        {t(a.label)}
                      </Menu.Item>
                    ))}
                  </Menu.Dropdown>
                </Menu>
              )}
              {!call.pending && supervisor && (
                <Tooltip label={t('call.reopenHint')}>
                  <Button variant="light" color="orange" size="sm" leftSection={<Icon name="history" size={16} />} loading={reopen.isPending} onClick={() => reopen.mutate()}>
                    {t('call.reopen')}
                  </Button>
                </Tooltip>
              )}
              {call.pending && (
                <Tooltip label={t('call.finishHint')}>
                  <Button color="teal.9" size="sm" leftSection={<Icon name="check" size={16} />} loading={finish.isPending} onClick={() => finish.mutate()}>
                    {t('call.finish')}
                  </Button>
                </Tooltip>
              )}
            </>
          ) : (
            <PrintButton />
          )
        }
      />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Section title={t('call.from')} id="call-from">
          <Fields
            items={[
              {
                label: t('new.customer'),
                value: call.customerId ? (
                  <Stack gap={2}>
                    <Text size="sm" fw={500}>
                      {call.customerName} {call.customerCode && <Text span c="dimmed" size="sm">({call.customerCode})</Text>}
                    </Text>
                    <Tooltip label={t('call.openCustomerHint')} disabled={!call.pending}>
                      <Anchor component={Link} to={customerHref!} size="sm" data-testid="open-customer">
                        {t('call.openCustomer')}
                      </Anchor>
                    </Tooltip>
                  </Stack>
                ) : null,
              },
              { label: t('new.contact'), value: call.contactName },
              { label: t('new.phone'), value: call.phone ? <Anchor href={`tel:${call.phone.replace(/\s/g, '')}`} size="sm">{call.phone}</Anchor> : null },
              { label: t('new.taxId'), value: call.taxId },
              {
                label: t('new.serialNumber'),
                value: call.serialNumber ? (
                  call.unitId ? (
                    <Anchor component={Link} to={`/units/${call.unitId}`} size="sm">
                      {call.serialNumber}
                    </Anchor>
                  ) : (
                    call.serialNumber
                  )
                ) : null,
              },
            ]}
          />
        </Section>
        <Section title={t('call.registration')} id="call-registration">
          <Fields
            items={[
              { label: t('call.registeredAt'), value: <When value={call.registeredAt} exact /> },
              { label: t('call.registeredBy'), value: call.registeredByName },
              { label: t('call.to'), value: destinationText(call, t) },
              { label: t('new.type'), value: label(types.data, call.typeCode) },
              { label: t('new.priority'), value: call.priorityCode ? <PriorityBadge code={call.priorityCode} /> : null },
              { label: t('new.status'), value: label(statuses.data, call.statusCode) },
              {
                label: t('call.finishing'),
                value: call.finishedAt ? (
                  <Text size="sm" data-testid="finish-stamp">
                    {f.dateTime(call.finishedAt)} · {call.finishedByName ?? '—'}
                    {call.finishedByActionType && ` · ${t('call.finishedByAction')} ${t(`entities.${call.finishedByActionType}`, { defaultValue: call.finishedByActionType })} #${call.finishedByActionId}`}
                  </Text>
                ) : (
                  <Text size="sm" c="dimmed">
                    {t('call.notFinished')}
                  </Text>
                ),
              },
            ]}
          />
        </Section>
      </SimpleGrid>
      <Section title={t('call.description')} id="call-description">
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} c={call.description ? undefined : 'dimmed'}>
          {call.description || t('call.noDescription')}
        </Text>
      </Section>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <NotesSection call={call} onChange={onChange} canWrite={canWrite} />
        <Section title={t('call.postponements')} id="call-postponements">
          {call.postponements.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('call.noPostponements')}
            </Text>
          ) : (
            <Timeline bulletSize={14} lineWidth={2}>
              {call.postponements.map((p) => (
                <Timeline.Item key={p.id} title={<Text size="sm" fw={500}>{t('call.postponedBy', { user: p.userName ?? '—', until: f.dateTime(p.until) })}</Text>}>
                  <Text size="sm">
                    {t('call.reasonLabel')}: {p.reason}
                  </Text>
                  <Text size="xs" c="dimmed">
                    <When value={p.at} size="xs" /> ·{' '}
                    {t('call.fromTo', {
                      from: p.fromUserName ?? (p.fromGroupName ? t('destination.group', { name: p.fromGroupName }) : '—'),
                      to: p.toUserName ?? (p.toGroupName ? t('destination.group', { name: p.toGroupName }) : '—'),
                    })}
                  </Text>
                </Timeline.Item>
              ))}
            </Timeline>
          )}
        </Section>
      </SimpleGrid>
      {postponeOpen && (
        <PostponeDialog
          call={call}
          opened={postponeOpen}
          onClose={postpone.close}
          onDone={(c) => {
            postpone.close();
            onChange(c);
          }}
        />
      )}
      {editOpen && (
        <EditDialog
          call={call}
          onClose={edit.close}
          onDone={(c) => {
            edit.close();
            onChange(c);
          }}
        />
      )}
    </Stack>
  );
}

function NotesSection({ call, onChange, canWrite }: { call: CallDetail; onChange: (c: CallDetail) => void; canWrite: boolean }) {
  const { t } = useTranslation('calls');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: () => callsApi.addNote(call.id, text),
    onSuccess: async () => {
      setText('');
      setError(null);
      notifySuccess(t('call.noteAdded'));
      onChange(await callsApi.get(call.id));
    },
    onError: (e) => setError(e instanceof Error ? e.message : String(e)),
  });
  return (
    <Section title={t('call.notes')} id="call-notes">
      <Stack gap="sm">
        {call.notes.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('call.noNotes')}
          </Text>
        )}
        {call.notes.map((n) => (
          <Stack key={n.id} gap={0} data-testid="call-note">
            <Text size="xs" c="dimmed">
              <When value={n.at} size="xs" /> · {n.userName ?? '—'}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {n.text}
            </Text>
          </Stack>
        ))}
        {canWrite && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (text.trim()) add.mutate();
            }}
          >
            <Stack gap="xs">
              <Textarea
                aria-label={t('call.notes')}
                placeholder={t('call.notePlaceholder')}
                autosize
                minRows={2}
                value={text}
                error={error}
                onChange={(e) => setText(e.currentTarget.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && text.trim()) add.mutate();
                }}
              />
              <Group justify="flex-end">
                <Button type="submit" size="xs" disabled={!text.trim()} loading={add.isPending} leftSection={<Icon name="plus" size={14} />}>
                  {t('call.addNote')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Section>
  );
}

type EditValues = { statusCode: string | null; typeCode: string | null; priorityCode: string | null; to: string | null; description: string };

function EditDialog({ call, onClose, onDone }: { call: CallDetail; onClose: () => void; onDone: (c: CallDetail) => void }) {
  const { t, i18n } = useTranslation('calls');
  const statuses = useCatalog('call-statuses');
  const types = useCatalog('call-types');
  const form = useApiForm<EditValues, CallDetail>({
    initialValues: { statusCode: call.statusCode, typeCode: call.typeCode, priorityCode: call.priorityCode, to: destinationValue(call), description: call.description },
    fieldAliases: { toUserId: 'to', toGroupId: 'to' },
    submit: (v) => {
      const dest = destinationBody(v.to);
      return callsApi.update(call.id, {
        statusCode: v.statusCode ?? undefined,
        typeCode: v.typeCode,
        priorityCode: v.priorityCode,
        description: v.description,
        toUserId: dest.toUserId ?? null,
        toGroupId: dest.toGroupId ?? null,
      });
    },
    onSuccess: (c) => {
      notifySuccess(t('call.saved'));
      onDone(c);
    },
  });
  return (
    <FormDialog onClose={onClose} title={t('call.editTitle')} size="lg" form={form}>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Select {...codeSearch} label={t('new.status')} data={catalogOptions(statuses.data, i18n.language, call.statusCode)} description={t('call.statusHint')} {...form.select('statusCode')} />
        <Select {...codeSearch} label={t('new.type')} data={catalogOptions(types.data, i18n.language, call.typeCode)} clearable {...form.select('typeCode')} />
        <CatalogSelect catalog="priorities" label={t('new.priority')} {...form.select('priorityCode')} />
        <DestinationSelect label={t('new.to')} {...form.select('to')} />
      </SimpleGrid>
      <Textarea label={t('new.description')} autosize minRows={4} maxRows={16} {...form.text('description')} />
    </FormDialog>
  );
}
