/**
 * The customer page's incidents: the latest ones (open first), "Nueva incidencia" with the
 * customer preset, and — while the page handles a pending call — "Añadir a una incidencia".
 * The customers area renders it with the customer and the call it was opened from.
 */
import { Anchor, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan } from '../app/auth.tsx';
import { LoadError } from '../ui/feedback.tsx';
import { Icon } from '../ui/icons.tsx';
import { EmptyHint } from '../ui/list.tsx';
import { Section } from '../ui/page.tsx';
import { When } from '../ui/when.tsx';
import { StageBadge } from './parts.tsx';
import { useCustomerIncidents } from './queries.ts';

export function CustomerIncidentsSection({ customer, fromCallId }: { customer: { id: string }; fromCallId?: string }) {
  const { t } = useTranslation('incidents');
  const canWrite = useCan('support.write');
  const incidents = useCustomerIncidents(customer.id);
  const items = [...(incidents.data?.items ?? [])].sort((a, b) => Number(a.stage === 'closed') - Number(b.stage === 'closed'));
  const open = items.filter((i) => i.stage !== 'closed').length;
  const query = new URLSearchParams({ customerId: customer.id, ...(fromCallId ? { fromCallId } : {}) }).toString();
  return (
    <Section
      title={
        <Group gap="xs">
          {t('customer.title')}
          {incidents.data && <Badge variant="light" color={open ? 'orange' : 'gray'} size="sm">{t('customer.open', { count: open })}</Badge>}
        </Group>
      }
      id="customer-incidents"
      actions={
        canWrite && (
          <Group gap="xs">
            {fromCallId && open > 0 && (
              <Button size="xs" variant="default" component={Link} to={`/incidents/add-call?${query}`}>
                {t('page.fromCall')}
              </Button>
            )}
            <Button size="xs" variant="light" leftSection={<Icon name="plus" size={14} />} component={Link} to={`/incidents/new?${query}`}>
              {t('new.button')}
            </Button>
          </Group>
        )
      }
    >
      {incidents.isError && <LoadError error={incidents.error} onRetry={() => void incidents.refetch()} />}
      {incidents.data && !items.length && <EmptyHint title={t('customer.empty')} />}
      <Stack gap={6}>
        {items.map((i) => (
          <Group key={i.id} justify="space-between" wrap="nowrap" gap="xs">
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Group gap={6} wrap="nowrap">
                <Anchor component={Link} to={`/incidents/${i.id}`} size="sm" fw={500} ff="monospace">
                  {i.number}
                </Anchor>
                <StageBadge stage={i.stage} />
              </Group>
              <Text size="xs" c="dimmed" truncate>
                {[i.serialNumber, i.symptom].filter(Boolean).join(' · ')}
              </Text>
            </Stack>
            <When value={i.receivedAt} size="xs" />
          </Group>
        ))}
        {incidents.data?.nextCursor && (
          <Anchor component={Link} to={`/incidents?view=all&customerId=${customer.id}`} size="sm">
            {t('customer.all')}
          </Anchor>
        )}
      </Stack>
    </Section>
  );
}
