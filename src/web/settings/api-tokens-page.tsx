/** API tokens for integrations: create (the secret is shown once), list, revoke. */
import { Alert, Button, Code, CopyButton, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Role, ROLES } from '../../shared/roles.ts';
import { StatusBadge } from '../ui/badges.tsx';
import { notifyError, notifySuccess } from '../ui/feedback.tsx';
import { FormModal } from '../ui/form-dialog.tsx';
import { Icon } from '../ui/icons.tsx';
import { type Column, EmptyHint, useArrayList } from '../ui/list.tsx';
import { ListPage } from '../ui/list-page.tsx';
import { NewButton } from '../ui/page.tsx';
import { FormFooter } from '../ui/form-footer.tsx';
import { useApiForm } from '../ui/use-api-form.ts';
import { When } from '../ui/when.tsx';
import { type ApiToken, type CreatedApiToken as CreatedToken, settingsApi, useApiTokens, useRefreshApiTokens } from './queries.ts';

export function ApiTokensPage() {
  const { t } = useTranslation('settings');
  const refreshTokens = useRefreshApiTokens();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<CreatedToken | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const [busy, setBusy] = useState(false);
  const tokens = useApiTokens();

  const revoke = async () => {
    if (!revoking) return;
    setBusy(true);
    try {
      await settingsApi.revokeApiToken(revoking.id);
      await refreshTokens();
      notifySuccess(t('tokens.revokedDone', { name: revoking.name }));
      setRevoking(null);
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  const rows = useArrayList(tokens);
  const columns: Column<ApiToken>[] = [
    { key: 'name', header: t('tokens.fields.name'), render: (tk) => <Text size="sm" fw={500} c={tk.revokedAt ? 'dimmed' : undefined}>{tk.name}</Text> },
    { key: 'prefix', header: t('tokens.fields.prefix'), render: (tk) => <Code>{tk.prefix}…</Code> },
    { key: 'role', header: t('tokens.fields.role'), render: (tk) => t(`user.roles.${tk.role}`) },
    { key: 'createdBy', header: t('tokens.fields.createdBy'), render: (tk) => tk.createdBy, wide: true },
    { key: 'createdAt', header: t('tokens.fields.createdAt'), render: (tk) => <When value={tk.createdAt} size="sm" /> },
    { key: 'lastUsedAt', header: t('tokens.fields.lastUsedAt'), render: (tk) => (tk.lastUsedAt ? <When value={tk.lastUsedAt} size="sm" /> : <Text size="sm" c="dimmed">{t('tokens.never')}</Text>) },
    { key: 'status', header: t('tokens.fields.status'), render: (tk) => (tk.revokedAt ? <StatusBadge tone="red">{t('tokens.revoked')}</StatusBadge> : <StatusBadge tone="green">{t('tokens.active')}</StatusBadge>) },
    {
      key: 'revoke',
      header: '',
      render: (tk) =>
        !tk.revokedAt && (
          <Button size="compact-sm" variant="subtle" color="red" onClick={() => setRevoking(tk)}>
            {t('tokens.revoke')}
          </Button>
        ),
    },
  ];

  return (
    <ListPage
      title={t('tokens.title')}
      subtitle={t('tokens.subtitle')}
      create={{ label: t('tokens.new'), onClick: () => setCreating(true) }}
      list={rows}
      columns={columns}
      empty={<EmptyHint title={t('tokens.empty')} action={<NewButton label={t('tokens.new')} onClick={() => setCreating(true)} />} />}
    >

      <FormModal opened={creating} onClose={() => setCreating(false)} title={t('tokens.new')} size="md">
        <TokenForm
          onCancel={() => setCreating(false)}
          onCreated={async (created) => {
            setCreating(false);
            setSecret(created);
            await refreshTokens();
          }}
        />
      </FormModal>

      <Modal opened={secret !== null} onClose={() => setSecret(null)} title={t('tokens.secretTitle')} size="lg" closeOnClickOutside={false}>
        {secret && (
          <Stack>
            <Alert color="yellow" icon={<Icon name="alert" />}>
              {t('tokens.secretWarning')}
            </Alert>
            <TextInput label={t('tokens.secretLabel')} value={secret.token} readOnly ff="monospace" onFocus={(e) => e.currentTarget.select()} data-testid="token-secret" />
            <Group justify="flex-end">
              <CopyButton value={secret.token}>
                {({ copied, copy }) => (
                  <Button variant="light" color={copied ? 'green' : 'blue'} onClick={copy} leftSection={<Icon name={copied ? 'check' : 'key'} size={16} />}>
                    {copied ? t('actions.copied') : t('actions.copy')}
                  </Button>
                )}
              </CopyButton>
              <Button onClick={() => setSecret(null)}>{t('tokens.done')}</Button>
            </Group>
          </Stack>
        )}
      </Modal>

      <Modal opened={revoking !== null} onClose={() => setRevoking(null)} title={revoking ? t('tokens.revokeConfirmTitle', { name: revoking.name }) : ''}>
        <Stack>
          <Text size="sm">{t('tokens.revokeConfirm')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRevoking(null)} data-autofocus>
              {t('actions.cancel')}
            </Button>
            <Button color="red" onClick={() => void revoke()} loading={busy}>
              {t('tokens.revoke')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </ListPage>
  );
}

function TokenForm({ onCreated, onCancel }: { onCreated: (t: CreatedToken) => void; onCancel: () => void }) {
  const { t } = useTranslation('settings');
  const form = useApiForm<{ name: string; role: Role }, CreatedToken>({
    initialValues: { name: '', role: 'agent' },
    submit: (v) => settingsApi.createApiToken(v),
    onSuccess: onCreated,
  });
  return (
    <form {...form.formProps}>
      <Stack gap="sm">
        <TextInput label={t('tokens.fields.name')} {...form.text('name')} withAsterisk data-autofocus placeholder="Centralita" />
        <Select label={t('tokens.fields.role')} {...form.select('role')} data={ROLES.map((r) => ({ value: r, label: t(`user.roles.${r}`) }))} allowDeselect={false} />
        <FormFooter form={form} isNew onCancel={onCancel} />
      </Stack>
    </form>
  );
}
