/** Errors and confirmations: nothing fails silently. */
import { Alert, Button, Center, Group, Loader, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../app/api.ts';
import { i18n } from '../app/i18n.ts';
import { Icon } from './icons.tsx';

export function notifyError(error: unknown, title?: string) {
  notifications.show({ color: 'red', title: title ?? i18n.t('errors.title'), message: errorMessage(error), autoClose: 8000, icon: <Icon name="alert" /> });
}

export function notifySuccess(message: string) {
  notifications.show({ color: 'green', message, autoClose: 3000, icon: <Icon name="check" /> });
}

/** A failed load: what happened and a way to try again. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const status = error instanceof ApiError ? error.status : 0;
  const message = status === 404 ? t('errors.notFound') : status === 403 ? t('errors.forbidden') : errorMessage(error);
  return (
    <Alert color="red" title={t('errors.loadFailed')} icon={<Icon name="alert" />} role="alert">
      <Stack gap="xs">
        <Text size="sm">{message}</Text>
        {onRetry && status !== 404 && status !== 403 && (
          <Group>
            <Button size="xs" variant="light" color="red" onClick={onRetry}>
              {t('actions.retry')}
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}

export function PageLoader({ label }: { label?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Group gap="sm">
        <Loader size="sm" />
        <Text c="dimmed" size="sm">{label ?? t('state.loading')}</Text>
      </Group>
    </Center>
  );
}
