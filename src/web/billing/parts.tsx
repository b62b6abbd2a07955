/** Small pieces shared by the billing pages. */
import { useTranslation } from 'react-i18next';
import { StatusBadge, type Tone } from '../ui/badges.tsx';
import type { Invoice } from './queries.ts';

const TONE: Record<Invoice['status'], Tone> = {
  unpaid: 'blue',
  partially_paid: 'yellow',
  paid: 'green',
  overdue: 'red',
  cancelled: 'gray',
  voided: 'gray',
  substituted: 'gray',
  rectifying: 'violet',
};

export function InvoiceStatusBadge({ status, testId }: { status: Invoice['status']; testId?: string }) {
  const { t } = useTranslation('billing');
  return (
    <StatusBadge tone={TONE[status]} data-testid={testId}>
      {t(`status.${status}`)}
    </StatusBadge>
  );
}
