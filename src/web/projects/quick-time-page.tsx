/**
 * The quick time entry on its own page, for links: `/quick-time?customerId=…&fromCallId=…` (the
 * call page's "create action" menu opens it). Without a customer it asks for one first.
 */
import { Card, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useCustomer } from '../customers/queries.ts';
import { LoadError, PageLoader } from '../ui/feedback.tsx';
import { PageHeader } from '../ui/page.tsx';
import { CustomerSelect } from './pickers.tsx';
import { QuickTimeForm } from './quick-time-dialog.tsx';

export function QuickTimePage() {
  const { t } = useTranslation('projects');
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const customerId = params.get('customerId') || null;
  const fromCallId = params.get('fromCallId') || undefined;
  const customer = useCustomer(customerId);
  const back = () => navigate(fromCallId ? `/calls/${fromCallId}` : customerId ? `/customers/${customerId}` : '/agenda');
  return (
    <Stack maw={760}>
      <PageHeader title={customer.data ? t('quick.title', { customer: customer.data.name }) : t('quick.pageTitle')} />
      <Card withBorder padding="lg">
        <Stack>
          <CustomerSelect
            label={t('quick.pickCustomer')}
            description={customerId ? undefined : t('quick.pickCustomerHint')}
            placeholder={t('projects.pickCustomer')}
            initial={customer.data ? { id: customer.data.id, name: customer.data.name } : null}
            key={customer.data?.id ?? 'none'}
            value={customerId}
            onChange={(id) => {
              const next = new URLSearchParams(params);
              if (id) next.set('customerId', id);
              else next.delete('customerId');
              setParams(next, { replace: true });
            }}
            data-autofocus={!customerId}
          />
          {customerId && customer.isPending && <PageLoader />}
          {customer.isError && <LoadError error={customer.error} onRetry={() => void customer.refetch()} />}
          {customer.data && <QuickTimeForm key={customer.data.id} customer={customer.data} onClose={back} fromCallId={fromCallId} />}
        </Stack>
      </Card>
    </Stack>
  );
}
