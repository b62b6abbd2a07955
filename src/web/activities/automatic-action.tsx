/** How the result of a solution type's automatic action is shown: a badge in lists, a panel on the activity. */
import { Alert, Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { StatusBadge } from '../ui/badges.tsx';
import { Icon } from '../ui/icons.tsx';
import { type AutomaticAction, recordHref } from './queries.ts';

export function ActionBadge({ action }: { action: AutomaticAction }) {
  const { t } = useTranslation('activities');
  if (!action) return null;
  const kind = t(`actions.kinds.${action.kind}`, { defaultValue: action.kind });
  return action.status === 'done' ? (
    <StatusBadge tone="teal" title={t('actions.doneTitle', { kind })} miw="max-content">
      {kind}
    </StatusBadge>
  ) : (
    <StatusBadge tone="red" title={action.error ?? ''} leftSection={<Icon name="alert" size={12} />} miw="max-content">
      {kind}: {t('actions.failed')}
    </StatusBadge>
  );
}

export function ActionPanel({ action, onRetry, retrying, canRetry }: { action: AutomaticAction; onRetry?: () => void; retrying?: boolean; canRetry?: boolean }) {
  const { t } = useTranslation('activities');
  if (!action) return null;
  const kind = t(`actions.kinds.${action.kind}`, { defaultValue: action.kind });
  if (action.status === 'failed') {
    return (
      <Alert color="red" icon={<Icon name="alert" />} title={t('actions.failedTitle', { kind })} role="alert" data-testid="automatic-action">
        <Stack gap={6}>
          <Text size="sm" fw={600}>
            {action.error}
          </Text>
          <Text size="sm">{t('actions.failedHint')}</Text>
          {canRetry && onRetry && (
            <Group>
              <Button size="xs" color="red" variant="light" leftSection={<Icon name="refresh" size={14} />} onClick={onRetry} loading={retrying}>
                {t('actions.retry')}
              </Button>
            </Group>
          )}
        </Stack>
      </Alert>
    );
  }
  const href = action.result ? recordHref(action.result.type, action.result.id) : null;
  return (
    <Alert color="teal" icon={<Icon name="check" />} title={t('actions.doneTitle', { kind })} data-testid="automatic-action">
      {action.result && href && (
        <Anchor component={Link} to={href} size="sm">
          {t('actions.open', { what: t(`actions.results.${action.result.type}`, { defaultValue: action.result.type }) })} #{action.result.id}
        </Anchor>
      )}
    </Alert>
  );
}
