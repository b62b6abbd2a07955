/** One technical activity: its data (editable), the automatic action's result or failure, files and action history. */
import { Anchor, Button, Grid, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useCan } from '../app/auth.tsx';
import { PendingBadge, StatusBadge } from '../ui/badges.tsx';
import { LoadError, notifyError, notifySuccess, PageLoader } from '../ui/feedback.tsx';
import { Icon } from '../ui/icons.tsx';
import { Fields, PageHeader, Section, PrintButton } from '../ui/page.tsx';
import { When } from '../ui/when.tsx';
import { type Activity, activitiesApi, activitiesKeys, recordHref, useActionHistory, useActivity } from './queries.ts';
import { ActivityForm, valuesOf } from './activity-form.tsx';
import { AttachmentsSection } from './attachments-section.tsx';
import { ActionBadge, ActionPanel } from './automatic-action.tsx';
import { useCatalogLabel } from './pickers.tsx';

export function ActivityPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('activities');
  const canWrite = useCan('support.write');
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const status = useCatalogLabel('activity-statuses');
  const origin = useCatalogLabel('origins');
  const problemType = useCatalogLabel('problem-types');
  const solutionType = useCatalogLabel('solution-types');

  const query = useActivity(id);
  const history = useActionHistory(id);
  const refresh = (a?: Activity) => {
    if (a) queryClient.setQueryData(activitiesKeys.detail(id), a);
    // The detail, its action history and attachments, and every list of the area.
    void queryClient.invalidateQueries({ queryKey: activitiesKeys.all });
  };
  const retry = useMutation({
    mutationFn: () => activitiesApi.retryAction(id),
    onSuccess: (a) => {
      refresh(a);
      if (a.automaticAction?.status === 'done') notifySuccess(t('actions.retried'));
    },
    onError: (e) => notifyError(e),
  });

  if (query.isPending) return <PageLoader />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const a = query.data;
  const label = (fn: (c: string | null) => string, code: string | null) => (code ? `${code} · ${fn(code)}` : null);

  return (
    <Stack maw={1200}>
      <PageHeader
        title={t('form.editTitle', { id: a.id })}
        subtitle={a.customerName ? `${a.customerCode} · ${a.customerName}` : undefined}
        back={{ to: '/activities', label: t('list.title') }}
        badges={
          <>
            <PendingBadge pending={a.pending} pendingLabel={t('pending.pending')} doneLabel={t('pending.done')} />
            <StatusBadge tone="blue">{label(status, a.statusCode)}</StatusBadge>
          </>
        }
        actions={
          <>
            <PrintButton />
            {canWrite && !editing && (
              <Button variant="light" leftSection={<Icon name="edit" size={16} />} onClick={() => setEditing(true)}>
                {t('common:actions.edit')}
              </Button>
            )}
          </>
        }
      />
      <ActionPanel action={a.automaticAction} canRetry={canWrite} onRetry={() => retry.mutate()} retrying={retry.isPending} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Section title={t('fields.problem')}>
            {editing ? (
              <ActivityForm
                activity={a}
                initial={valuesOf(a)}
                customerLabel={a.customerName ? `${a.customerCode} · ${a.customerName}` : null}
                onSaved={(saved) => {
                  setEditing(false);
                  refresh(saved);
                  notifySuccess(t('form.saved'));
                }}
                onCancel={() => setEditing(false)}
              />
            ) : (
              <Stack gap="md">
                <Fields
                  items={[
                    { label: t('fields.registeredAt'), value: <When value={a.registeredAt} exact /> },
                    { label: t('fields.registeredBy'), value: a.registeredByName },
                    {
                      label: t('fields.customer'),
                      value: a.customerId ? (
                        <Anchor component={Link} to={`/customers/${a.customerId}`}>
                          {a.customerCode} · {a.customerName}
                        </Anchor>
                      ) : null,
                    },
                    { label: t('fields.project'), value: a.projectId ? <Anchor component={Link} to={`/projects/${a.projectId}`}>#{a.projectId}</Anchor> : null },
                    { label: t('fields.origin'), value: label(origin, a.originCode) },
                    { label: t('fields.problemType'), value: label(problemType, a.problemTypeCode) },
                    { label: t('fields.solutionType'), value: label(solutionType, a.solutionTypeCode) },
                    { label: t('fields.fromCall'), value: a.fromCallId ? <Anchor component={Link} to={`/calls/${a.fromCallId}`}>#{a.fromCallId}</Anchor> : null },
                  ]}
                />
                {(['problem', 'solution'] as const).map((field) => (
                  <div key={field}>
                    <Text size="xs" c="dimmed" fw={500}>
                      {t(`fields.${field}`)}
                    </Text>
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                      {a[field] || '—'}
                    </Text>
                  </div>
                ))}
              </Stack>
            )}
          </Section>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack>
            <AttachmentsSection basePath={`/activities/${a.id}/attachments`} onChange={() => refresh()} />
            <Section title={t('actions.history')}>
              {history.data && history.data.length === 0 && (
                <Text size="sm" c="dimmed">
                  —
                </Text>
              )}
              {history.data && history.data.length > 0 && (
                <Table fz="sm" verticalSpacing={4}>
                  <Table.Tbody>
                    {history.data.map((h) => {
                      const href = h.result ? recordHref(h.result.type, h.result.id) : null;
                      return (
                        <Table.Tr key={h.id}>
                          <Table.Td>
                            <When value={h.ranAt} size="xs" />
                          </Table.Td>
                          <Table.Td>
                            <ActionBadge action={h} />
                            {h.status === 'failed' && (
                              <Text size="xs" c="red.8">
                                {h.error}
                              </Text>
                            )}
                            {href && (
                              <Anchor component={Link} to={href} size="xs" ml={4}>
                                #{h.result?.id}
                              </Anchor>
                            )}
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              )}
            </Section>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
