import { Card, Stack } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useCallFinishedNotice } from '../calls/from-call.tsx';
import { useCustomer, useRefreshCustomerFeeds } from '../customers/queries.ts';
import { projectsKeys } from '../projects/queries.ts';
import { PageLoader, notifySuccess } from '../ui/feedback.tsx';
import { PageHeader } from '../ui/page.tsx';
import { useCatalog } from '../ui/catalogs.tsx';
import { ActivityForm } from './activity-form.tsx';
import { activitiesKeys } from './queries.ts';

export function ActivityNewPage() {
  const { t } = useTranslation('activities');
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const customerId = params.get('customerId');
  const fromCallId = params.get('fromCallId');
  const callFinished = useCallFinishedNotice();
  const queryClient = useQueryClient();
  const refreshFeeds = useRefreshCustomerFeeds();
  const statuses = useCatalog('activity-statuses');
  const origins = useCatalog('origins');
  const customer = useCustomer(customerId);
  if (statuses.isPending || origins.isPending || (customerId && customer.isPending)) return <PageLoader />;
  const defaultStatus = statuses.data?.find((s) => s.isDefault && s.active)?.code ?? null;
  const defaultOrigin = origins.data?.find((s) => s.isDefault && s.active)?.code ?? null;
  return (
    <Stack maw={960}>
      <PageHeader title={t('form.newTitle')} back={{ to: '/activities', label: t('list.title') }} />
      <Card withBorder padding="md">
        <ActivityForm
          initial={{ statusCode: defaultStatus, customerId, projectId: null, originCode: defaultOrigin, problemTypeCode: null, problem: '', solutionTypeCode: null, solution: '' }}
          customerLabel={customer.data ? `${customer.data.code} · ${customer.data.name}` : null}
          fromCallId={fromCallId}
          onSaved={(a) => {
            notifySuccess(t('form.created', { id: a.id }));
            callFinished(fromCallId);
            // The lists show it from now on, and what its automatic action made (a task, a notice, an e-mail).
            void queryClient.invalidateQueries({ queryKey: activitiesKeys.all });
            void queryClient.invalidateQueries({ queryKey: projectsKeys.all });
            refreshFeeds();
            navigate(`/activities/${a.id}`, { replace: true });
          }}
          onCancel={() => navigate(-1)}
        />
      </Card>
    </Stack>
  );
}
