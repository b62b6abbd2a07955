import { Badge, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCallCounts } from './queries.ts';

/** Pending-now calls for me and my groups, beside "Llamadas" in the navigation. */
export function CallsNavBadge() {
  const { t } = useTranslation('calls');
  const counts = useCallCounts();
  const n = counts.data?.pendingNow ?? 0;
  if (!n) return null;
  return (
    <Tooltip label={t('inbox.views.now')}>
      <Badge size="sm" color="orange" variant="filled" data-testid="nav-calls-count">
        {n}
      </Badge>
    </Tooltip>
  );
}
