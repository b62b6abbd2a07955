/** Users (administrators only): list, create, edit role/language/time zone/password, deactivate. */
import { PasswordInput, Select, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES } from '../../shared/roles.ts';
import { DEFAULT_TIME_ZONE } from '../app/format.ts';
import { useNewAction } from '../app/shortcuts.tsx';
import { ActiveBadge, StatusBadge } from '../ui/badges.tsx';
import { notifySuccess } from '../ui/feedback.tsx';
import { FormModal } from '../ui/form-dialog.tsx';
import { type Column, EditButton, EmptyHint, useArrayList } from '../ui/list.tsx';
import { ListPage } from '../ui/list-page.tsx';
import { NewButton } from '../ui/page.tsx';
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

  const rows = useArrayList(users, (u) => showInactive || u.active);
  const groupNames = (ids: string[]) =>
    ids
      .map((id) => groups.data?.find((g) => g.id === id)?.name)
      .filter(Boolean)
      .join(', ');
  const columns: Column<User>[] = [
    { key: 'name', header: t('users.fields.name'), render: (u) => <Text size="sm" fw={500}>{u.name}</Text> },
    { key: 'username', header: t('users.fields.username'), render: (u) => <Text size="sm" ff="monospace">{u.username}</Text> },
    { key: 'role', header: t('users.fields.role'), render: (u) => <StatusBadge tone={u.role === 'admin' ? 'violet' : u.role === 'supervisor' ? 'blue' : 'gray'}>{t(`user.roles.${u.role}`)}</StatusBadge> },
    { key: 'groups', header: t('users.fields.groups'), render: (u) => groupNames(u.groupIds) || '—', wide: true },
    { key: 'language', header: t('users.fields.language'), render: (u) => t(`languages.${u.language}`), wide: true },
    { key: 'lastLogin', header: t('users.fields.lastLogin'), render: (u) => <When value={u.lastLoginAt} size="sm" />, wide: true },
    { key: 'active', header: t('users.fields.active'), render: (u) => <ActiveBadge active={u.active} /> },
    { key: 'edit', header: '', width: 50, render: (u) => <EditButton label={t('users.edit', { name: u.name })} onClick={() => setEditing(u)} /> },
  ];

  return (
    <ListPage
      title={t('users.title')}
      subtitle={t('users.subtitle')}
      actions={
        <>
          <Switch size="xs" label={t('users.showInactive')} checked={showInactive} onChange={(e) => setShowInactive(e.currentTarget.checked)} />
          <NewButton label={t('users.new')} onClick={() => setEditing('new')} />
        </>
      }
      list={rows}
      columns={columns}
      empty={<EmptyHint title={t('users.empty')} />}
    >
      <FormModal opened={editing !== null} onClose={() => setEditing(null)} title={editing === 'new' ? t('users.new') : editing ? t('users.edit', { name: editing.name }) : ''}>
        <UserForm
          user={editing === 'new' ? undefined : (editing ?? undefined)}
          onCancel={() => setEditing(null)}
          onSaved={async (u, isNew) => {
            await refreshUsers();
            setEditing(null);
            notifySuccess(t(isNew ? 'users.created' : 'users.saved', { name: u.name }));
          }}
        />
      </FormModal>
    </ListPage>
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
