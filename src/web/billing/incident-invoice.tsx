/**
 * The invoice of an incident, small, for the incident page (the incidents area renders it with
 * the incident's id): number, total and status, linked to the invoice.
 */
import { Anchor, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../app/format.ts';
import { InvoiceStatusBadge } from './parts.tsx';
import { useIncidentInvoices } from './queries.ts';

export function IncidentInvoice({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation('billing');
  const f = useFormat();
  const q = useIncidentInvoices(incidentId);
  if (!q.data) return null;
  if (q.data.length === 0) return <Text size="sm" c="gray.7">{t('incident.none')}</Text>;
  return (
    <>
      {q.data.map((inv) => (
        <Group key={inv.id} gap="xs">
          <Text size="sm">{t('incident.title')}:</Text>
          <Anchor component={Link} to={`/invoices/${inv.id}`} ff="monospace" size="sm">
            {inv.number}
          </Anchor>
          <Text size="sm">{f.money(inv.totalCents)}</Text>
          <InvoiceStatusBadge status={inv.status} />
        </Group>
      ))}
    </>
  );
}
