import { Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCan } from '../app/auth.tsx';
import { ActiveBadge, StatusBadge } from '../ui/badges.tsx';
import { type Column, EmptyHint, useKeysetList, useUrlFilters } from '../ui/list.tsx';
import { FilterSelect, FilterText } from '../ui/list-filters.tsx';
import { ListPage } from '../ui/list-page.tsx';
import { type Project, projectsApi, projectsKeys } from './queries.ts';
import { ProjectFormDialog } from './project-form.tsx';

export function ProjectsListPage() {
  const { t } = useTranslation('projects');
  const navigate = useNavigate();
  const canWrite = useCan('support.write');
  const [creating, setCreating] = useState(false);
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
      create={{ label: t('projects.new'), onClick: () => setCreating(true), allowed: canWrite }}
      filterState={filters}
      filters={
        <>
        <FilterText filters={filters} label={t('projects.search')} w={240} />
        <FilterSelect filters={filters} name="active" label={t('fields.active')} w={150} options={{ true: t('common:state.active'), false: t('common:state.inactive'), all: t('common:state.all') }} />
        <FilterSelect filters={filters} name="kind" label={t('fields.kind')} w={150} emptyAs="all" options={{ all: t('common:state.all'), production: t('kind.production'), commercial: t('kind.commercial') }} />
        </>
      }
      list={list}
      columns={columns}
      rowHref={(r) => `/projects/${r.id}`}
      empty={<EmptyHint title={t('projects.empty')} />}
    >
      <ProjectFormDialog opened={creating} onClose={() => setCreating(false)} onSaved={(p) => navigate(`/projects/${p.id}`)} />
    </ListPage>
  );
}
