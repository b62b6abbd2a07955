/** Notices: the bell in the header (unread count, latest ones) and the page with all of them. */
import { ActionIcon, Anchor, Badge, Button, Card, Divider, Group, Indicator, Popover, ScrollArea, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useAuth } from '../app/auth.tsx';
import { StatusBadge } from '../ui/badges.tsx';
import { notifyError } from '../ui/feedback.tsx';
import { Icon } from '../ui/icons.tsx';
import { EmptyHint, ListTable, useKeysetList, useUrlFilters } from '../ui/list.tsx';
import { FilterSwitch } from '../ui/list-filters.tsx';
import { PageHeader } from '../ui/page.tsx';
import { When } from '../ui/when.tsx';
import { activitiesKeys, type Notice, type NoticePage, noticesApi, recordHref, useLatestNotices } from './queries.ts';

function useNoticeMutations() {
  const queryClient = useQueryClient();
  const invalidate = () => void queryClient.invalidateQueries({ queryKey: activitiesKeys.notices });
  const markRead = useMutation({ mutationFn: (id: string) => noticesApi.markRead(id), onSuccess: invalidate, onError: (e) => notifyError(e) });
  const markAll = useMutation({ mutationFn: () => noticesApi.markAllRead(), onSuccess: invalidate, onError: (e) => notifyError(e) });
  return { markRead, markAll };
}

/** The bell: unread count (refreshed every 30 s and when the window regains focus) and the latest notices. */
export function NoticesBell() {
  const { t } = useTranslation('activities');
  const { user } = useAuth();
  const navigate = useNavigate();
  const [opened, { toggle, close }] = useDisclosure(false);
  const { markRead, markAll } = useNoticeMutations();
  const latest = useLatestNotices(Boolean(user));
  const unread = latest.data?.unreadCount ?? 0;
  const label = unread ? t('notices.unread', { count: unread }) : t('notices.bell');

  const openNotice = (n: Notice) => {
    if (!n.read) markRead.mutate(n.id);
    const href = n.link ? recordHref(n.link.type, n.link.id) : null;
    close();
    if (href) navigate(href);
  };

  return (
    <Popover opened={opened} onChange={(o) => !o && close()} position="bottom-end" width={360} shadow="md" withArrow>
      <Popover.Target>
        <Tooltip label={label} disabled={opened}>
          <Indicator label={unread > 99 ? '99+' : unread} size={16} color="red" disabled={!unread} offset={4} inline>
            <ActionIcon variant="subtle" size="lg" aria-label={label} onClick={toggle} data-testid="notices-bell" data-unread={unread}>
              <Icon name="bell" size={20} />
            </ActionIcon>
          </Indicator>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown p={0}>
        <Group justify="space-between" px="sm" py={8}>
          <Text fw={600} size="sm">
            {t('notices.title')}
          </Text>
          {unread > 0 && (
            <Button size="compact-xs" variant="subtle" onClick={() => markAll.mutate()} loading={markAll.isPending}>
              {t('notices.markAllRead')}
            </Button>
          )}
        </Group>
        <Divider />
        <ScrollArea.Autosize mah={380}>
          {latest.data?.items.length === 0 && (
            <Text size="sm" c="dimmed" p="sm">
              {t('notices.none')}
            </Text>
          )}
          {latest.data?.items.map((n) => (
            <UnstyledButton key={n.id} onClick={() => openNotice(n)} w="100%" px="sm" py={6} bg={n.read ? undefined : 'blue.0'} style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
              <Group gap={6} wrap="nowrap" align="flex-start">
                {!n.read && <Badge size="xs" circle color="blue" aria-label={t('notices.unreadBadge')} mt={4}> </Badge>}
                <Stack gap={0} style={{ flex: 1 }}>
                  <Text size="sm" fw={n.read ? 400 : 600} lineClamp={2}>
                    {n.title}
                  </Text>
                  {n.body && (
                    <Text size="xs" c="dimmed" lineClamp={2}>
                      {n.body}
                    </Text>
                  )}
                  <When value={n.createdAt} size="xs" c="dimmed" />
                </Stack>
              </Group>
            </UnstyledButton>
          ))}
        </ScrollArea.Autosize>
        <Divider />
        <Anchor component={Link} to="/notices" size="sm" onClick={close} display="block" p="sm" ta="center">
          {t('notices.all')}
        </Anchor>
      </Popover.Dropdown>
    </Popover>
  );
}

export function NoticesPage() {
  const { t } = useTranslation('activities');
  const navigate = useNavigate();
  const filters = useUrlFilters({ unread: '' });
  const { markRead, markAll } = useNoticeMutations();
  const query = { unread: filters.values.unread ? 'true' : undefined };
  const list = useKeysetList(activitiesKeys.noticesList(query), (cursor, signal) => noticesApi.list(query, cursor, signal));
  const unread = (list.data?.pages[0] as NoticePage | undefined)?.unreadCount ?? 0;

  return (
    <Stack maw={1000}>
      <PageHeader
        title={t('notices.title')}
        subtitle={t('notices.unread', { count: unread })}
        actions={
          unread > 0 && (
            <Button variant="light" leftSection={<Icon name="check" size={16} />} onClick={() => markAll.mutate()} loading={markAll.isPending}>
              {t('notices.markAllRead')}
            </Button>
          )
        }
      />
      <Card withBorder padding="sm">
        <FilterSwitch filters={filters} name="unread" label={t('notices.onlyUnread')} />
      </Card>
      <Card withBorder padding="xs">
        <ListTable
          list={list}
          rowKey={(n) => n.id}
          columns={[
            { key: 'at', header: t('fields.date'), render: (n) => <When value={n.createdAt} size="sm" />, width: 110 },
            { key: 'state', header: t('outbox.status'), render: (n) => (n.read ? <StatusBadge tone="gray" miw="max-content">{t('notices.read')}</StatusBadge> : <StatusBadge tone="blue" miw="max-content">{t('notices.unreadBadge')}</StatusBadge>), width: 90 },
            {
              key: 'title',
              header: t('fields.title'),
              render: (n) => {
                const href = n.link ? recordHref(n.link.type, n.link.id) : null;
                return (
                  <Stack gap={0}>
                    {href ? (
                      <Anchor component={Link} to={href} size="sm" fw={n.read ? 400 : 600} onClick={() => !n.read && markRead.mutate(n.id)}>
                        {n.title}
                      </Anchor>
                    ) : (
                      <Text size="sm" fw={n.read ? 400 : 600}>{n.title}</Text>
                    )}
                    {n.body && <Text size="xs" c="dimmed" style={{ whiteSpace: 'pre-wrap' }} lineClamp={3}>{n.body}</Text>}
                  </Stack>
                );
              },
            },
            {
              key: 'read',
              header: '',
              render: (n) =>
                !n.read && (
                  <Button size="compact-xs" variant="subtle" onClick={() => markRead.mutate(n.id)}>
                    {t('notices.markRead')}
                  </Button>
                ),
              width: 110,
            },
          ]}
          empty={<EmptyHint title={t('notices.none')} action={<Button size="xs" variant="subtle" onClick={() => navigate('/activities')}>{t('nav.activities')}</Button>} />}
        />
      </Card>
    </Stack>
  );
}
