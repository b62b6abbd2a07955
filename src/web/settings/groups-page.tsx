/** Groups (teams) that calls and tasks are sent to: code, name, members, active. */
import { Button, Modal, MultiSelect, SimpleGrid, Stack, Switch, Table, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Group, type User, useGroups, usersApi, useRefreshUsers, useUsers } from '../users/queries.ts';
import { useNewAction } from '../app/shortcuts.tsx';
import { ActiveBadge } from '../ui/badges.tsx';
import { LoadError, notifySuccess, PageLoader } from '../ui/feedback.tsx';
import { Icon } from '../ui/icons.tsx';
import { EmptyHint } from '../ui/list.tsx';
import { NewButton, PageHeader } from '../ui/page.tsx';
import { FormFooter } from '../ui/form-footer.tsx';
import { useApiForm } from '../ui/use-api-form.ts';

export function GroupsPage() {
  const { t } = useTranslation('settings');
  const refreshUsers = useRefreshUsers();
  const [editing, setEditing] = useState<Group | 'new' | null>(null);
  const groups = useGroups();
  const users = useUsers();
  useNewAction(() => setEditing('new'), true, t('groups.new'));
  const names = (ids: string[]) =>
    ids
      .map((id) => users.data?.find((u) => u.id === id)?.name)
      .filter(Boolean)
      .join(', ');

  return (
    <>
      <PageHeader title={t('groups.title')} subtitle={t('groups.subtitle')} actions={<NewButton label={t('groups.new')} onClick={() => setEditing('new')} />} />
      {groups.isPending && <PageLoader />}
      {groups.isError && <LoadError error={groups.error} onRetry={() => void groups.refetch()} />}
      {groups.isSuccess && groups.data.length > 0 && (
        <Table.ScrollContainer minWidth={600}>
          <Table striped highlightOnHover fz="sm" verticalSpacing={6} bg="white">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={120}>{t('groups.fields.code')}</Table.Th>
                <Table.Th>{t('groups.fields.name')}</Table.Th>
                <Table.Th>{t('groups.fields.members')}</Table.Th>
                <Table.Th>{t('groups.fields.active')}</Table.Th>
                <Table.Th w={50} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {groups.data.map((g) => (
                <Table.Tr key={g.id}>
                  <Table.Td ff="monospace">{g.code}</Table.Td>
                  <Table.Td fw={500}>{g.name}</Table.Td>
                  <Table.Td>{names(g.memberIds) || '—'}</Table.Td>
                  <Table.Td>
                    <ActiveBadge active={g.active} />
                  </Table.Td>
                  <Table.Td>
                    <Button variant="subtle" size="compact-sm" onClick={() => setEditing(g)} aria-label={t('groups.edit', { name: g.name })} leftSection={<Icon name="edit" size={14} />}>
                      {t('actions.edit')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {groups.isSuccess && !groups.data.length && <EmptyHint title={t('groups.empty')} action={<NewButton label={t('groups.new')} onClick={() => setEditing('new')} />} />}
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing === 'new' ? t('groups.new') : editing ? t('groups.edit', { name: editing.name }) : ''} size="lg">
        {editing !== null && (
          <GroupForm
            group={editing === 'new' ? undefined : editing}
            users={users.data ?? []}
            onCancel={() => setEditing(null)}
            onSaved={async (g, isNew) => {
              await refreshUsers();
              setEditing(null);
              notifySuccess(t(isNew ? 'groups.created' : 'groups.saved', { name: g.name }));
            }}
          />
        )}
      </Modal>
    </>
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
