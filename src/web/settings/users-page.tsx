/** Users (administrators only): list, create, edit role/language/time zone/password, deactivate. */
import { Button, Modal, PasswordInput, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES } from '../../shared/roles.ts';
import { DEFAULT_TIME_ZONE } from '../app/format.ts';
import { useNewAction } from '../app/shortcuts.tsx';
import { ActiveBadge, StatusBadge } from '../ui/badges.tsx';
import { LoadError, notifySuccess, PageLoader } from '../ui/feedback.tsx';
import { Icon } from '../ui/icons.tsx';
import { EmptyHint } from '../ui/list.tsx';
import { NewButton, PageHeader } from '../ui/page.tsx';
import { FormFooter } from '../ui/form-footer.tsx';
import { useApiForm } from '../ui/use-api-form.ts';
import { When } from '../ui/when.tsx';
import { type User, useGroups, usersApi, useRefreshUsers, useUsers } from '../users/queries.ts';

export function timeZoneOptions(): string[] {
  const list = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return list.includes(DEFAULT_TIME_ZONE) ? list : [DEFAULT_TIME_ZONE, ...list];
}

export function UsersPage() {
  const { t } = useTranslation('settings');
  const refreshUsers = useRefreshUsers();
  const [showInactive, setShowInactive] = useState(false);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const users = useUsers();
  const groups = useGroups();
  useNewAction(() => setEditing('new'), true, t('users.new'));

  const list = (users.data ?? []).filter((u) => showInactive || u.active);
  const groupNames = (ids: string[]) =>
    ids
      .map((id) => groups.data?.find((g) => g.id === id)?.name)
      .filter(Boolean)
      .join(', ');

  return (
    <>
      <PageHeader
        title={t('users.title')}
        subtitle={t('users.subtitle')}
        actions={
          <>
            <Switch size="xs" label={t('users.showInactive')} checked={showInactive} onChange={(e) => setShowInactive(e.currentTarget.checked)} />
            <NewButton label={t('users.new')} onClick={() => setEditing('new')} />
          </>
        }
      />
      {users.isPending && <PageLoader />}
      {users.isError && <LoadError error={users.error} onRetry={() => void users.refetch()} />}
      {users.isSuccess && (
        <Table.ScrollContainer minWidth={700}>
          <Table striped highlightOnHover fz="sm" verticalSpacing={6} bg="white">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('users.fields.name')}</Table.Th>
                <Table.Th>{t('users.fields.username')}</Table.Th>
                <Table.Th>{t('users.fields.role')}</Table.Th>
                <Table.Th visibleFrom="md">{t('users.fields.groups')}</Table.Th>
                <Table.Th visibleFrom="md">{t('users.fields.language')}</Table.Th>
                <Table.Th visibleFrom="md">{t('users.fields.lastLogin')}</Table.Th>
                <Table.Th>{t('users.fields.active')}</Table.Th>
                <Table.Th w={50} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td fw={500}>{u.name}</Table.Td>
                  <Table.Td ff="monospace">{u.username}</Table.Td>
                  <Table.Td>
                    <StatusBadge tone={u.role === 'admin' ? 'violet' : u.role === 'supervisor' ? 'blue' : 'gray'}>{t(`user.roles.${u.role}`)}</StatusBadge>
                  </Table.Td>
                  <Table.Td visibleFrom="md">{groupNames(u.groupIds) || '—'}</Table.Td>
                  <Table.Td visibleFrom="md">{t(`languages.${u.language}`)}</Table.Td>
                  <Table.Td visibleFrom="md">
                    <When value={u.lastLoginAt} size="sm" />
                  </Table.Td>
                  <Table.Td>
                    <ActiveBadge active={u.active} />
                  </Table.Td>
                  <Table.Td>
                    <Button variant="subtle" size="compact-sm" onClick={() => setEditing(u)} aria-label={t('users.edit', { name: u.name })} leftSection={<Icon name="edit" size={14} />}>
                      {t('actions.edit')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {users.isSuccess && !list.length && <EmptyHint title={t('users.empty')} />}
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing === 'new' ? t('users.new') : editing ? t('users.edit', { name: editing.name }) : ''} size="lg">
        {editing !== null && (
          <UserForm
            user={editing === 'new' ? undefined : editing}
            onCancel={() => setEditing(null)}
            onSaved={async (u, isNew) => {
              await refreshUsers();
              setEditing(null);
              notifySuccess(t(isNew ? 'users.created' : 'users.saved', { name: u.name }));
            }}
          />
        )}
      </Modal>
    </>
  );
}

type UserValues = { username: string; name: string; email: string; password: string; role: string; language: string; timeZone: string; active: boolean };

function UserForm({ user, onSaved, onCancel }: { user?: User; onSaved: (u: User, isNew: boolean) => void; onCancel: () => void }) {
  const { t } = useTranslation('settings');
  const isNew = !user;
  const form = useApiForm<UserValues, User>({
    initialValues: {
      username: user?.username ?? '',
      name: user?.name ?? '',
      email: user?.email ?? '',
      password: '',
      role: user?.role ?? 'agent',
      language: user?.language ?? 'es',
      timeZone: user?.timeZone ?? DEFAULT_TIME_ZONE,
      active: user?.active ?? true,
    },
    submit: (v) => {
      const body: Record<string, unknown> = { name: v.name, email: v.email.trim() || null, role: v.role, language: v.language, timeZone: v.timeZone };
      if (isNew) return usersApi.create({ ...body, username: v.username, password: v.password });
      if (v.password) body.password = v.password;
      body.active = v.active;
      return usersApi.update(user.id, body);
    },
    onSuccess: (u) => onSaved(u, isNew),
  });
  return (
    <form {...form.formProps}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={t('users.fields.username')} {...form.text('username')} disabled={!isNew} withAsterisk data-autofocus={isNew || undefined} autoComplete="off" />
          <TextInput label={t('users.fields.name')} {...form.text('name')} withAsterisk data-autofocus={!isNew || undefined} />
          <TextInput label={t('users.fields.email')} type="email" {...form.text('email')} />
          <PasswordInput
            label={isNew ? t('users.fields.password') : t('users.fields.newPassword')}
            description={isNew ? undefined : t('users.fields.newPasswordHint')}
            {...form.text('password')}
            withAsterisk={isNew}
            autoComplete="new-password"
          />
          <Select label={t('users.fields.role')} {...form.select('role')} data={ROLES.map((r) => ({ value: r, label: t(`user.roles.${r}`) }))} allowDeselect={false} />
          <Select label={t('users.fields.language')} {...form.select('language')} data={[{ value: 'es', label: t('languages.es') }, { value: 'en', label: t('languages.en') }]} allowDeselect={false} />
          <Select label={t('users.fields.timeZone')} {...form.select('timeZone')} data={timeZoneOptions()} searchable allowDeselect={false} />
        </SimpleGrid>
        {!isNew && <Switch label={t('users.fields.active')} {...form.checkbox('active')} />}
        {!isNew && user.lastLoginAt && (
          <Text size="xs" c="dimmed">
            {t('users.fields.lastLogin')}: <When value={user.lastLoginAt} exact size="xs" />
          </Text>
        )}
        <FormFooter form={form} isNew={isNew} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
