/**
 * The end of every form: the error the server gave on no field of the form (an alert the screen
 * reader announces) and the buttons, cancel then submit, right-aligned.
 *
 *   <form {...form.formProps}>
 *     …fields…
 *     <FormFooter form={form} isNew={!record} onCancel={onClose} />
 *
 * `submitLabel` replaces "Crear"/"Guardar"; `extra` goes left of cancel (e.g. "Delete").
 */
import { Alert, Button, Group, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './icons.tsx';

/** The form-level error (fields the form lacks, network failures). */
export function FormError({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <Alert color="red" icon={<Icon name="alert" />} role="alert">
      {message}
    </Alert>
  );
}

export function FormFooter({
  form,
  isNew = false,
  onCancel,
  submitLabel,
  submitIcon,
  submitDisabled,
  extra,
}: {
  form: { formError: string | null; submitting: boolean };
  isNew?: boolean;
  onCancel?: () => void;
  submitLabel?: ReactNode;
  submitIcon?: ReactNode;
  submitDisabled?: boolean;
  extra?: ReactNode;
}) {
  const { t } = useTranslation('common');
  return (
    <Stack gap="sm">
      <FormError message={form.formError} />
      <Group justify="flex-end" gap="xs">
        {extra}
        {onCancel && (
          <Button variant="default" onClick={onCancel}>
            {t('actions.cancel')}
          </Button>
        )}
        <Button type="submit" loading={form.submitting} disabled={submitDisabled} leftSection={submitIcon}>
          {submitLabel ?? (isNew ? t('actions.create') : t('actions.save'))}
        </Button>
      </Group>
    </Stack>
  );
}
