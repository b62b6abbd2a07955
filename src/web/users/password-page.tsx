/**
 * Change my own password (user menu › Cambiar contraseña, /preferences/password): current password,
 * new one twice. The server's rules and errors (wrong current password, too short, unchanged) land
 * under their fields; on success every other session of the user has been ended by the server.
 */
import { Alert, Card, PasswordInput, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PASSWORD_MIN_LENGTH } from '../../shared/auth.ts';
import { ApiError } from '../app/api.ts';
import { notifySuccess } from '../ui/feedback.tsx';
import { FormFooter } from '../ui/form-footer.tsx';
import { Icon } from '../ui/icons.tsx';
import { PageHeader } from '../ui/page.tsx';
import { useApiForm } from '../ui/use-api-form.ts';
import { useChangePassword } from './queries.ts';

type Values = { currentPassword: string; newPassword: string; confirmPassword: string };
const EMPTY: Values = { currentPassword: '', newPassword: '', confirmPassword: '' };

export function PasswordPage() {
  const { t, i18n } = useTranslation('users');
  const change = useChangePassword();
  const [changed, setChanged] = useState(false);
  const form = useApiForm<Values, null>({
    initialValues: EMPTY,
    submit: async (v) => {
      setChanged(false);
      // Only the confirmation is checked here; every other rule is the server's (one source of truth).
      if (v.newPassword !== v.confirmPassword) {
        throw new ApiError(400, { code: 'validation_failed', detail: t('password.mismatch'), errors: [{ field: 'confirmPassword', code: 'password_mismatch', message: t('password.mismatch') }] });
      }
      return change.mutateAsync({ currentPassword: v.currentPassword, newPassword: v.newPassword });
    },
    onSuccess: () => {
      form.reset(EMPTY);
      setChanged(true);
      notifySuccess(i18n.t('users:password.changed'));
    },
  });

  return (
    <>
      <PageHeader title={t('password.title')} subtitle={t('password.subtitle')} />
      <form {...form.formProps}>
        <Stack maw={520}>
          {changed && (
            <Alert color="green" icon={<Icon name="check" />} title={t('password.changed')} role="status" data-testid="password-changed">
              {t('password.changedDetail')}
            </Alert>
          )}
          <Card withBorder radius="md" padding="md" component="section" aria-labelledby="password-section">
            <Title order={2} fz="md" id="password-section" mb="sm">
              {t('password.section')}
            </Title>
            <Stack gap="sm">
              <PasswordInput label={t('password.current')} autoComplete="current-password" required {...form.text('currentPassword')} />
              <PasswordInput
                label={t('password.new')}
                description={t('password.newHint', { min: PASSWORD_MIN_LENGTH })}
                autoComplete="new-password"
                required
                {...form.text('newPassword')}
              />
              <PasswordInput label={t('password.confirm')} autoComplete="new-password" required {...form.text('confirmPassword')} />
            </Stack>
          </Card>
          <FormFooter form={form} submitLabel={t('password.submit')} submitIcon={<Icon name="key" size={16} />} />
        </Stack>
      </form>
    </>
  );
}
