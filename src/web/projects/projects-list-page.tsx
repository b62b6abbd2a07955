import { Select, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCan } from '../app/auth.tsx';
import { useNewAction } from '../app/shortcuts.tsx';
import { ActiveBadge, StatusBadge } from '../ui/badges.tsx';
import { type Column, EmptyHint, useKeysetList, useUrlFilters } from '../ui/list.tsx';
import { ListPage } from '../ui/list-page.tsx';
import { NewButton } from '../ui/page.tsx';
import { type Project, projectsApi, projectsKeys } from './queries.ts';
import { ProjectFormDialog } from './project-form.tsx';

export function ProjectsListPage() {
  const { t } = useTranslation('projects');
  const navigate = useNavigate();
  const canWrite = useCan('support.write');
  const [creating, setCreating] = useState(false);
  useNewAction(() => setCreating(true), canWrite, t('projects.new'));
  const filters = useUrlFilters({ q: '', active: 'true', kind: '', customerId: '' });
  const v = filters.values;
  const query = { q: v.q || undefined, active: v.active === 'all' ? undefined : v.active, kind: v.kind || undefined, customerId: v.customerId || undefined };
  const list = useKeysetList(projectsKeys.list(query), (cursor, signal) => projectsApi.list({ ...query, cursor, limit: 50 }, signal));
  const columns: Column<Project>[] = [
    { key: 'code', header: t('fields.code'), render: (r) => <Text size="sm" fw={600} ff="monospace">{r.code}</Text>, width: 160 },
    { key: 'name', header: t('fields.name'), render: (r) => r.name },
    { key: 'customer', header: t('fields.customer'), render: (r) => r.customerName },
    { key: 'kind', header: t('fields.kind'), render: (r) => <StatusBadge tone={r.kind === 'production' ? 'green' : 'violet'}>{t(`kind.${r.kind}`)}</StatusBadge> },
    { key: 'active', header: t('fields.active'), render: (r) => <ActiveBadge active={r.active} /> },
  ];
  return (
    <ListPage
      title={t('projects.title')}
      actions={canWrite && <NewButton label={t('projects.new')} onClick={() => setCreating(true)} />}
      filtersActive={filters.active}
      onClearFilters={filters.clear}
      filters={
        <>
        <TextInput label={t('projects.search')} size="xs" w={240} defaultValue={v.q} onKeyDown={(e) => e.key === 'Enter' && filters.set({ q: e.currentTarget.value })} onBlur={(e) => filters.set({ q: e.currentTarget.value })} />
        <Select
          label={t('fields.active')}
          size="xs"
          w={150}
          allowDeselect={false}
          value={v.active}
          onChange={(x) => filters.set({ active: x ?? 'true' })}
          data={[
            { value: 'true', label: t('common:state.active') },
            { value: 'false', label: t('common:state.inactive') },
            { value: 'all', label: t('common:state.all') },
          ]}
        />
        <Select
          label={t('fields.kind')}
          size="xs"
          w={150}
          allowDeselect={false}
          value={v.kind || 'all'}
          onChange={(x) => filters.set({ kind: !x || x === 'all' ? '' : x })}
          data={[
            { value: 'all', label: t('common:state.all') },
            { value: 'production', label: t('kind.production') },
            { value: 'commercial', label: t('kind.commercial') },
          ]}
        />
        </>
      }
      list={list}
      columns={columns}
      rowKey={(r) => r.id}
      rowHref={(r) => `/projects/${r.id}`}
      caption={t('projects.title')}
      empty={<EmptyHint title={t('projects.empty')} />}
    >
      <ProjectFormDialog opened={creating} onClose={() => setCreating(false)} onSaved={(p) => navigate(`/projects/${p.id}`)} />
    </ListPage>
  );
}
