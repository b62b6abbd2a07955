/** API tokens for integrations: create (the secret is shown once), list, revoke. */
import { Alert, Button, Code, CopyButton, Group, Modal, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Role, ROLES } from '../../shared/roles.ts';
import { useNewAction } from '../app/shortcuts.tsx';
import { StatusBadge } from '../ui/badges.tsx';
import { LoadError, notifyError, notifySuccess, PageLoader } from '../ui/feedback.tsx';
import { Icon } from '../ui/icons.tsx';
import { EmptyHint } from '../ui/list.tsx';
import { NewButton, PageHeader } from '../ui/page.tsx';
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
  useNewAction(() => setCreating(true), true, t('tokens.new'));

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

  return (
    <>
      <PageHeader title={t('tokens.title')} subtitle={t('tokens.subtitle')} actions={<NewButton label={t('tokens.new')} onClick={() => setCreating(true)} />} />
      {tokens.isPending && <PageLoader />}
      {tokens.isError && <LoadError error={tokens.error} onRetry={() => void tokens.refetch()} />}
      {tokens.isSuccess && tokens.data.length > 0 && (
        <Table.ScrollContainer minWidth={700}>
          <Table striped fz="sm" verticalSpacing={6} bg="white">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('tokens.fields.name')}</Table.Th>
                <Table.Th>{t('tokens.fields.prefix')}</Table.Th>
                <Table.Th>{t('tokens.fields.role')}</Table.Th>
                <Table.Th visibleFrom="md">{t('tokens.fields.createdBy')}</Table.Th>
                <Table.Th>{t('tokens.fields.createdAt')}</Table.Th>
                <Table.Th>{t('tokens.fields.lastUsedAt')}</Table.Th>
                <Table.Th>{t('tokens.fields.status')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tokens.data.map((tk) => (
                <Table.Tr key={tk.id} style={{ opacity: tk.revokedAt ? 0.6 : 1 }}>
                  <Table.Td fw={500}>{tk.name}</Table.Td>
                  <Table.Td>
                    <Code>{tk.prefix}…</Code>
                  </Table.Td>
                  <Table.Td>{t(`user.roles.${tk.role}`)}</Table.Td>
                  <Table.Td visibleFrom="md">{tk.createdBy}</Table.Td>
                  <Table.Td>
                    <When value={tk.createdAt} size="sm" />
                  </Table.Td>
                  <Table.Td>{tk.lastUsedAt ? <When value={tk.lastUsedAt} size="sm" /> : <Text size="sm" c="dimmed">{t('tokens.never')}</Text>}</Table.Td>
                  <Table.Td>
                    {tk.revokedAt ? (
                      <StatusBadge tone="red">
                        {t('tokens.revoked')}
                      </StatusBadge>
                    ) : (
                      <StatusBadge tone="green">{t('tokens.active')}</StatusBadge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {!tk.revokedAt && (
                      <Button size="compact-sm" variant="subtle" color="red" onClick={() => setRevoking(tk)}>
                        {t('tokens.revoke')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {tokens.isSuccess && !tokens.data.length && <EmptyHint title={t('tokens.empty')} action={<NewButton label={t('tokens.new')} onClick={() => setCreating(true)} />} />}

      <Modal opened={creating} onClose={() => setCreating(false)} title={t('tokens.new')}>
        {creating && (
          <TokenForm
            onCancel={() => setCreating(false)}
            onCreated={async (created) => {
              setCreating(false);
              setSecret(created);
              await refreshTokens();
            }}
          />
        )}
      </Modal>

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
    </>
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
