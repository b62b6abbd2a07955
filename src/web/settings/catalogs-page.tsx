/**
 * Configuration tables: every catalog of GET /catalogs, its entries with their flags and
 * attributes. Flags and the active switch change in place; "Edit" opens the entry's form inside
 * its row; "New entry" (or the N key) opens the form in a dialog.
 */
import { ActionIcon, Badge, Box, Card, Grid, Group, Modal, NavLink, ScrollArea, Select, Switch, Table, Text, Tooltip } from '@mantine/core';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { CatalogName } from '../../shared/catalogs.ts';
import { useCalendars } from '../sla/queries.ts';
import { useUsers } from '../users/queries.ts';
import { useCan } from '../app/auth.tsx';
import { useFormat } from '../app/format.ts';
import { useNewAction } from '../app/shortcuts.tsx';
import { StatusBadge } from '../ui/badges.tsx';
import { type CatalogEntry, type CatalogInfo, useCatalogDefinitions } from '../ui/catalogs.tsx';
import { catalogsApi, useCatalogEntries, useRefreshCatalog } from '../ui/queries.ts';
import { LoadError, notifyError, notifySuccess, PageLoader } from '../ui/feedback.tsx';
import { Icon } from '../ui/icons.tsx';
import { EmptyHint } from '../ui/list.tsx';
import { NewButton, PageHeader } from '../ui/page.tsx';
import { CatalogEntryForm } from './catalog-entry-form.tsx';

export function CatalogsPage() {
  const { t } = useTranslation('settings');
  const { name } = useParams();
  const navigate = useNavigate();
  const defs = useCatalogDefinitions();
  const current = (name ?? 'call-statuses') as CatalogName;

  if (defs.isPending) return <PageLoader />;
  if (defs.isError) return <LoadError error={defs.error} onRetry={() => void defs.refetch()} />;
  const info = defs.data.items.find((c) => c.name === current);

  return (
    <Box>
      <PageHeader title={t('catalogs.title')} subtitle={t('catalogs.subtitle')} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Select
            hiddenFrom="md"
            label={t('catalogs.tables')}
            data={defs.data.items.map((c) => ({ value: c.name, label: t(`catalogs.names.${c.name}`) }))}
            value={current}
            onChange={(v) => v && navigate(`/settings/catalogs/${v}`)}
            allowDeselect={false}
            mb="sm"
          />
          <Card withBorder padding={4} visibleFrom="md" component="nav" aria-label={t('catalogs.tables')}>
            <ScrollArea.Autosize mah="calc(100vh - 200px)">
              {defs.data.items.map((c) => (
                <NavLink
                  key={c.name}
                  label={t(`catalogs.names.${c.name}`)}
                  active={c.name === current}
                  component={Link}
                  to={`/settings/catalogs/${c.name}`}
                  style={{ borderRadius: 4 }}
                  aria-current={c.name === current ? 'page' : undefined}
                />
              ))}
            </ScrollArea.Autosize>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          {info ? <CatalogTable key={info.name} info={info} automaticActions={defs.data.automaticActions} /> : <LoadError error={new Error(t('errors.pageNotFound'))} />}
        </Grid.Col>
      </Grid>
    </Box>
  );
}

function CatalogTable({ info, automaticActions }: { info: CatalogInfo; automaticActions: string[] }) {
  const { t } = useTranslation('settings');
  const f = useFormat();
  const refreshCatalog = useRefreshCatalog();
  const canWrite = useCan('catalogs.write');
  const [showInactive, setShowInactive] = useState(true);
  const [editing, setEditing] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const entries = useCatalogEntries(info.name);
  const users = useUsers();
  const calendars = useCalendars({ enabled: info.attributes.includes('serviceCalendarId') });
  useNewAction(() => setCreating(true), canWrite, t('catalogs.newEntry'));

  const refresh = () => refreshCatalog(info.name);
  const toggle = async (entry: CatalogEntry, field: string, value: boolean) => {
    setBusy(`${entry.code}:${field}`);
    try {
      await catalogsApi.update(info.name, entry.code, { [field]: value });
      await refresh();
      notifySuccess(t('catalogs.saved', { code: entry.code }));
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(null);
    }
  };
  const onSaved = async (entry: CatalogEntry, isNew: boolean) => {
    await refresh();
    setEditing(null);
    setCreating(false);
    notifySuccess(t(isNew ? 'catalogs.created' : 'catalogs.saved', { code: entry.code }));
  };

  const list = (entries.data ?? []).filter((e) => showInactive || e.active);
  const sorted = info.hierarchical
    ? [...list.filter((e) => !e.parentCode).flatMap((g) => [g, ...list.filter((e) => e.parentCode === g.code)]), ...list.filter((e) => e.parentCode && !list.some((g) => g.code === e.parentCode))]
    : list;
  const attrSummary = (e: CatalogEntry): string[] => {
    const out: string[] = [];
    for (const a of info.attributes) {
      const v = e[a];
      if (v === undefined || v === null || v === '' || a.startsWith('emailSubject') || a.startsWith('emailBody')) continue;
      const label = t(`catalogs.summary.${a}`, { defaultValue: t(`catalogs.fields.${a}`) });
      if (a === 'automaticAction') out.push(`${label}: ${t(`catalogs.actions.${v}`)}`);
      else if (a === 'escalationEmails') (v as string[]).length && out.push(`${label}: ${(v as string[]).join(', ')}`);
      else if (a === 'warningPercent') out.push(`${label} ${f.number(v as number)} %`);
      else if (a.endsWith('Minutes')) out.push(`${label}: ${f.number(v as number)} ${t('catalogs.units.minutes')}`);
      else if (a === 'serviceCalendarId') out.push(`${label}: ${calendars.data?.find((c) => c.id === v)?.name ?? '…'}`);
      else if (a === 'rate') out.push(f.percent(v as number));
      else if (a === 'dueDays') out.push(`${label}: ${(v as number[]).join(', ')}`);
      else if (typeof v === 'boolean') v && out.push(label);
      else if (a === 'ownerUserId') out.push(`${label}: ${users.data?.find((u) => u.id === v)?.name ?? v}`);
      else if (typeof v === 'number') out.push(`${label}: ${f.number(v)}`);
      else out.push(`${label}: ${v}`);
    }
    return out;
  };
  const colCount = 4 + info.flags.length + (info.attributes.length ? 1 : 0) + (canWrite ? 1 : 0);

  return (
    <Card withBorder padding="md">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Group gap="sm">
          <Text fw={600} size="lg" component="h2" m={0}>
            {t(`catalogs.names.${info.name}`)}
          </Text>
          {info.codeLength && (
            <Badge variant="outline" color="gray" size="sm" style={{ textTransform: 'none' }}>
              {t('catalogs.codeLength', { n: info.codeLength })}
            </Badge>
          )}
        </Group>
        <Group gap="sm">
          <Switch size="xs" label={t('catalogs.showInactive')} checked={showInactive} onChange={(e) => setShowInactive(e.currentTarget.checked)} />
          {canWrite && <NewButton label={t('catalogs.newEntry')} onClick={() => setCreating(true)} />}
        </Group>
      </Group>
      {entries.isPending && <PageLoader />}
      {entries.isError && <LoadError error={entries.error} onRetry={() => void entries.refetch()} />}
      {entries.isSuccess && (
        <Table.ScrollContainer minWidth={600}>
          <Table verticalSpacing={6} fz="sm" highlightOnHover aria-label={t(`catalogs.names.${info.name}`)}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={80}>{t('catalogs.fields.code')}</Table.Th>
                <Table.Th>{t('catalogs.fields.descriptionEs')}</Table.Th>
                <Table.Th>{t('catalogs.fields.descriptionEn')}</Table.Th>
                {info.flags.map((flag) => (
                  <Table.Th key={flag} ta="center">
                    <Tooltip label={t(`catalogs.hints.${flag}`)}>
                      <span>{t(`catalogs.fields.${flag}`)}</span>
                    </Tooltip>
                  </Table.Th>
                ))}
                {info.attributes.length > 0 && <Table.Th>{t('catalogs.fields.details')}</Table.Th>}
                <Table.Th ta="center">{t('catalogs.fields.active')}</Table.Th>
                {canWrite && <Table.Th w={50} />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sorted.map((e) => (
                <Fragment key={e.code}>
                  <Table.Tr data-code={e.code} style={{ opacity: e.active ? 1 : 0.6 }}>
                    <Table.Td ff="monospace" fw={600} pl={e.parentCode ? 'lg' : undefined}>
                      {e.code}
                    </Table.Td>
                    <Table.Td>{e.descriptionEs}</Table.Td>
                    <Table.Td>{e.descriptionEn}</Table.Td>
                    {info.flags.map((flag) => (
                      <Table.Td key={flag} ta="center">
                        <Switch
                          size="xs"
                          checked={e[flag]}
                          disabled={!canWrite || busy !== null}
                          onChange={(ev) => void toggle(e, flag, ev.currentTarget.checked)}
                          aria-label={`${t(`catalogs.fields.${flag}`)} · ${e.code}`}
                          styles={{ root: { display: 'inline-block' } }}
                        />
                      </Table.Td>
                    ))}
                    {info.attributes.length > 0 && (
                      <Table.Td>
                        <Text size="xs" c="dimmed">
                          {attrSummary(e).join(' · ')}
                        </Text>
                      </Table.Td>
                    )}
                    <Table.Td ta="center">
                      {canWrite ? (
                        <Switch
                          size="xs"
                          checked={e.active}
                          disabled={busy !== null}
                          onChange={(ev) => void toggle(e, 'active', ev.currentTarget.checked)}
                          aria-label={`${t('catalogs.fields.active')} · ${e.code}`}
                          styles={{ root: { display: 'inline-block' } }}
                        />
                      ) : (
                        <StatusBadge tone={e.active ? 'green' : 'gray'}>{e.active ? t('state.active') : t('catalogs.retired')}</StatusBadge>
                      )}
                    </Table.Td>
                    {canWrite && (
                      <Table.Td>
                        <Tooltip label={t('catalogs.editEntry', { code: e.code })}>
                          <ActionIcon variant="subtle" aria-label={t('catalogs.editEntry', { code: e.code })} onClick={() => setEditing(editing === e.code ? null : e.code)}>
                            <Icon name="edit" size={16} />
                          </ActionIcon>
                        </Tooltip>
                      </Table.Td>
                    )}
                  </Table.Tr>
                  {editing === e.code && (
                    <Table.Tr>
                      <Table.Td colSpan={colCount} bg="blue.0" p="md">
                        <CatalogEntryForm info={info} entry={e} entries={entries.data} automaticActions={automaticActions} onSaved={(x) => void onSaved(x, false)} onCancel={() => setEditing(null)} />
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {entries.isSuccess && !sorted.length && (
        <Box py="lg">
          <EmptyHint title={t('catalogs.empty')} action={canWrite ? <NewButton label={t('catalogs.newEntry')} onClick={() => setCreating(true)} /> : undefined} />
        </Box>
      )}
      <Modal opened={creating} onClose={() => setCreating(false)} title={`${t('catalogs.newEntry')} · ${t(`catalogs.names.${info.name}`)}`} size="xl">
        {creating && <CatalogEntryForm info={info} entries={entries.data ?? []} automaticActions={automaticActions} onSaved={(x) => void onSaved(x, true)} onCancel={() => setCreating(false)} />}
      </Modal>
    </Card>
  );
}
