/** Groups (teams) that calls and tasks are sent to: code, name, members, active. */
import { MultiSelect, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Group, type User, useGroups, usersApi, useRefreshUsers, useUsers } from '../users/queries.ts';
import { ActiveBadge } from '../ui/badges.tsx';
import { notifySuccess } from '../ui/feedback.tsx';
import { FormModal } from '../ui/form-dialog.tsx';
import { type Column, EditButton, EmptyHint, useArrayList } from '../ui/list.tsx';
import { ListPage } from '../ui/list-page.tsx';
import { NewButton } from '../ui/page.tsx';
import { FormFooter } from '../ui/form-footer.tsx';
import { useApiForm } from '../ui/use-api-form.ts';

export function GroupsPage() {
  const { t } = useTranslation('settings');
  const refreshUsers = useRefreshUsers();
  const [editing, setEditing] = useState<Group | 'new' | null>(null);
  const groups = useGroups();
  const users = useUsers();
  const names = (ids: string[]) =>
    ids
      .map((id) => users.data?.find((u) => u.id === id)?.name)
      .filter(Boolean)
      .join(', ');
  const rows = useArrayList(groups);
  const columns: Column<Group>[] = [
    { key: 'code', header: t('groups.fields.code'), width: 120, render: (g) => <Text size="sm" ff="monospace">{g.code}</Text> },
    { key: 'name', header: t('groups.fields.name'), render: (g) => <Text size="sm" fw={500}>{g.name}</Text> },
    { key: 'members', header: t('groups.fields.members'), render: (g) => names(g.memberIds) || '—', card: 'full' },
    { key: 'active', header: t('groups.fields.active'), render: (g) => <ActiveBadge active={g.active} /> },
    { key: 'edit', header: '', width: 50, render: (g) => <EditButton label={t('groups.edit', { name: g.name })} onClick={() => setEditing(g)} /> },
  ];

  return (
    <ListPage
      title={t('groups.title')}
      subtitle={t('groups.subtitle')}
      create={{ label: t('groups.new'), onClick: () => setEditing('new') }}
      list={rows}
      columns={columns}
      empty={<EmptyHint title={t('groups.empty')} action={<NewButton label={t('groups.new')} onClick={() => setEditing('new')} />} />}
    >
      <FormModal opened={editing !== null} onClose={() => setEditing(null)} title={editing === 'new' ? t('groups.new') : editing ? t('groups.edit', { name: editing.name }) : ''}>
        <GroupForm
          group={editing === 'new' ? undefined : (editing ?? undefined)}
          users={users.data ?? []}
          onCancel={() => setEditing(null)}
          onSaved={async (g, isNew) => {
            await refreshUsers();
            setEditing(null);
            notifySuccess(t(isNew ? 'groups.created' : 'groups.saved', { name: g.name }));
          }}
        />
      </FormModal>
    </ListPage>
  );
}

function GroupForm({ group, users, onSaved, onCancel }: { group?: Group; users: User[]; onSaved: (g: Group, isNew: boolean) => void; onCancel: () => void }) {
  const { t } = useTranslation('settings');
  const isNew = !group;
  const form = useApiForm<{ code: string; name: string; memberIds: string[]; active: boolean }, Group>({
    initialValues: { code: group?.code ?? '', name: group?.name ?? '', memberIds: group?.memberIds ?? [], active: group?.active ?? true },
    submit: (v) =>
      isNew ? usersApi.createGroup({ code: v.code, name: v.name, memberIds: v.memberIds }) : usersApi.updateGroup(group.id, { name: v.name, memberIds: v.memberIds, active: v.active }),
    onSuccess: (g) => onSaved(g, isNew),
  });
  return (
    <form {...form.formProps}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={t('groups.fields.code')} {...form.text('code')} disabled={!isNew} withAsterisk data-autofocus={isNew || undefined} />
          <TextInput label={t('groups.fields.name')} {...form.text('name')} withAsterisk data-autofocus={!isNew || undefined} />
        </SimpleGrid>
        <MultiSelect
          label={t('groups.fields.members')}
          {...form.select('memberIds')}
          data={users.filter((u) => u.active || form.values.memberIds.includes(u.id)).map((u) => ({ value: u.id, label: `${u.name} (${u.username})` }))}
          searchable
          clearable
          comboboxProps={{ withinPortal: true }}
        />
        {!isNew && <Switch label={t('groups.fields.active')} {...form.checkbox('active')} />}
        <FormFooter form={form} isNew={isNew} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
