/** Errors and confirmations: nothing fails silently. */
import { Alert, Anchor, Button, Center, Group, Loader, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../app/api.ts';
import { i18n } from '../app/i18n.ts';
import { Icon } from './icons.tsx';

/**
 * Errors that a setting fixes, and where that setting is: the message links there ("never 'choose
 * one' over an empty list"). Notifications render outside the router, hence a plain link.
 */
export const FIX_LINKS: Record<string, { href: string; label: string }> = {
  call_finished_status_missing: { href: '/settings/catalogs/call-statuses', label: 'errors.fix.callStatuses' },
  call_status_required: { href: '/settings/catalogs/call-statuses', label: 'errors.fix.callStatuses' },
  call_destination_required: { href: '/preferences', label: 'errors.fix.preferences' },
};

/** The link to the setting that fixes `error`, if there is one. */
export function fixLinkOf(error: unknown): { href: string; label: string } | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return FIX_LINKS[error.code ?? ''] ?? error.errors.map((e) => FIX_LINKS[e.code]).find(Boolean);
}

export function notifyError(error: unknown, title?: string) {
  const fix = fixLinkOf(error);
  const message = fix ? (
    <Stack gap={4}>
      <Text size="sm">{errorMessage(error)}</Text>
      <Anchor href={fix.href} size="sm" fw={500} data-testid="fix-link">
        {i18n.t(fix.label)}
      </Anchor>
    </Stack>
  ) : (
    errorMessage(error)
  );
  notifications.show({ color: 'red', title: title ?? i18n.t('errors.title'), message, autoClose: fix ? 15000 : 8000, icon: <Icon name="alert" /> });
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
