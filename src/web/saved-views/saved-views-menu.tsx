/**
 * "Vistas guardadas" on a list page: the user's named filters of this list (apply one with a
 * click: the list's address takes its query string), "save the current filters" under a name, and
 * a dialog to rename, re-save with the current filters, or delete a view. Owner only (the API's).
 */
import { ActionIcon, Button, Group, Menu, Modal, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { notifyError, notifySuccess } from '../ui/feedback.tsx';
import { FormDialog } from '../ui/form-dialog.tsx';
import { Icon } from '../ui/icons.tsx';
import { useApiForm } from '../ui/use-api-form.ts';
import { type SavedView, type SavedViewList, savedViewsApi, useDeleteSavedView, useSavedViews, useSavedViewsChanged, useUpdateSavedView } from './queries.ts';

/** The list's filters as a view keeps them: the query string without "?" and without paging. */
function currentQuery(search: string): string {
  const params = new URLSearchParams(search);
  params.delete('cursor');
  return params.toString();
}

export function SavedViewsMenu({ list }: { list: SavedViewList }) {
  const { t } = useTranslation('saved-views');
  const location = useLocation();
  const navigate = useNavigate();
  const views = useSavedViews(list);
  const [saving, setSaving] = useState(false);
  const [managing, setManaging] = useState(false);
  const query = currentQuery(location.search);
  const items = views.data?.items ?? [];
  const apply = (v: SavedView) => navigate({ pathname: location.pathname, search: v.query ? `?${v.query}` : '' });

  return (
    <>
      {/* No initial-focus placeholder: a focusable role=presentation div inside role=menu is an axe violation. */}
      <Menu position="bottom-end" shadow="md" width={280} withinPortal withInitialFocusPlaceholder={false}>
        <Menu.Target>
          <Button variant="default" leftSection={<Icon name="filter" size={16} />} data-testid="saved-views">
            {t('menu.button')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {items.length === 0 ? (
            <Menu.Item disabled>{t('menu.none')}</Menu.Item>
          ) : (
            items.map((v) => (
              <Menu.Item key={v.id} onClick={() => apply(v)} rightSection={v.query === query ? <Icon name="check" size={14} aria-label={t('menu.current')} /> : undefined}>
                {v.name}
              </Menu.Item>
            ))
          )}
          {/* A separator axe accepts inside role=menu (Mantine's divider is a bare div). */}
          <Menu.Divider role="separator" />
          <Menu.Item leftSection={<Icon name="plus" size={14} />} onClick={() => setSaving(true)}>
            {t('menu.save')}
          </Menu.Item>
          {items.length > 0 && (
            <Menu.Item leftSection={<Icon name="edit" size={14} />} onClick={() => setManaging(true)}>
              {t('menu.manage')}
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
      {saving && <SaveViewDialog list={list} query={query} onClose={() => setSaving(false)} />}
      <Modal opened={managing} onClose={() => setManaging(false)} title={t('manage.title')} size="lg">
        <Stack gap="md">
          {items.map((v) => (
            <ViewRow key={`${v.id}-${v.updatedAt}`} view={v} query={query} />
          ))}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setManaging(false)}>
              {t('manage.close')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function SaveViewDialog({ list, query, onClose }: { list: SavedViewList; query: string; onClose: () => void }) {
  const { t } = useTranslation('saved-views');
  const changed = useSavedViewsChanged();
  const form = useApiForm<{ name: string }, SavedView>({
    initialValues: { name: '' },
    submit: (v) => savedViewsApi.create({ list, name: v.name, query }),
    onSuccess: (v) => {
      notifySuccess(t('save.saved', { name: v.name }));
      void changed();
      onClose();
    },
  });
  return (
    <FormDialog onClose={onClose} title={t('save.title')} form={form} submitLabel={t('save.submit')} submitIcon={<Icon name="check" size={16} />}>
      <Text size="sm" c="dimmed">
        {query ? t('save.hint') : t('save.noFilters')}
      </Text>
      <TextInput label={t('save.name')} withAsterisk data-autofocus maxLength={80} {...form.text('name')} />
    </FormDialog>
  );
}

/** One view in the dialog: its name (rename with Enter or the button), re-save, delete. */
function ViewRow({ view, query }: { view: SavedView; query: string }) {
  const { t } = useTranslation('saved-views');
  const update = useUpdateSavedView();
  const remove = useDeleteSavedView();
  const form = useApiForm<{ name: string }, SavedView>({
    initialValues: { name: view.name },
    submit: (v) => update.mutateAsync({ id: view.id, body: { name: v.name } }),
    onSuccess: () => notifySuccess(t('manage.renamed')),
  });
  return (
    <form {...form.formProps}>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <TextInput label={t('manage.name', { name: view.name })} maxLength={80} style={{ flex: 1 }} {...form.text('name')} />
        <Button type="submit" variant="light" loading={form.submitting} disabled={form.values.name.trim() === view.name}>
          {t('manage.rename')}
        </Button>
        <Tooltip label={t('manage.resave')}>
          <ActionIcon
            variant="default"
            size="lg"
            aria-label={`${t('manage.resave')}: ${view.name}`}
            disabled={query === view.query}
            onClick={() => update.mutate({ id: view.id, body: { query } }, { onSuccess: () => notifySuccess(t('manage.resaved', { name: view.name })), onError: (e) => notifyError(e) })}
          >
            <Icon name="refresh" size={16} />
          </ActionIcon>
        </Tooltip>
        <Tooltip label={t('manage.remove')}>
          <ActionIcon
            variant="light"
            color="red"
            size="lg"
            aria-label={t('manage.removeLabel', { name: view.name })}
            loading={remove.isPending}
            onClick={() => {
              if (window.confirm(t('manage.confirm', { name: view.name }))) remove.mutate(view.id, { onSuccess: () => notifySuccess(t('manage.removed', { name: view.name })), onError: (e) => notifyError(e) });
            }}
          >
            <Icon name="trash" size={16} />
          </ActionIcon>
        </Tooltip>
      </Group>
    </form>
  );
}
