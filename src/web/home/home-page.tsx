/**
 * "Mi día": what the person logged in has to do now — calls pending now for them and their
 * groups, their agenda (overdue and today's follow-ups, due tasks and customer call-backs), their
 * pending technical activities and unread notices; supervisors also see the company's pending calls.
 */
import { Anchor, Badge, Button, Card, Group, Kbd, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, type Page } from '../app/api.ts';
import { useAuth, useCan } from '../app/auth.tsx';
import { useFormat } from '../app/format.ts';
import { searchFocus, useNewAction } from '../app/shortcuts.tsx';
import { type Activity, type CustomerEvent, type Notice, type NoticePage, recordHref } from '../activities/api.ts';
import { useCallCounts, useFirstPendingCalls } from '../calls/queries.ts';
import { callerText } from '../calls/parts.tsx';
import type { Agenda } from '../projects/api.ts';
import { StatusBadge } from '../ui/badges.tsx';
import { LoadError } from '../ui/feedback.tsx';
import { Icon, type IconName } from '../ui/icons.tsx';
import { PageHeader } from '../ui/page.tsx';
import { DateText, When } from '../ui/when.tsx';

const FIRST = 5;

function Panel({ title, icon, count, tone = 'blue', to, linkLabel, children, testId }: { title: string; icon: IconName; count?: number; tone?: string; to: string; linkLabel: string; children: ReactNode; testId: string }) {
  return (
    <Card withBorder padding="md" data-testid={testId}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Group gap="xs" wrap="nowrap">
          <Icon name={icon} />
          <Title order={2} fz="md">
            {title}
          </Title>
          {count !== undefined && (
            <Badge color={count ? tone : 'gray'} variant={count ? 'filled' : 'light'} data-testid={`${testId}-count`}>
              {count}
            </Badge>
          )}
        </Group>
        <Anchor component={Link} to={to} size="sm">
          {linkLabel}
        </Anchor>
      </Group>
      {children}
    </Card>
  );
}

function Empty({ children }: { children: ReactNode }) {
  return (
    <Text size="sm" c="dimmed" py={4}>
      {children}
    </Text>
  );
}

function Row({ to, title, meta, right }: { to: string | null; title: ReactNode; meta?: ReactNode; right?: ReactNode }) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="xs" py={4} style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
      <Stack gap={0} style={{ minWidth: 0 }}>
        {to ? (
          <Anchor component={Link} to={to} size="sm" fw={500} lineClamp={1}>
            {title}
          </Anchor>
        ) : (
          <Text size="sm" fw={500} lineClamp={1}>
            {title}
          </Text>
        )}
        {meta && (
          <Text size="xs" c="dimmed" lineClamp={1}>
            {meta}
          </Text>
        )}
      </Stack>
      {right}
    </Group>
  );
}

function CallsPanel() {
  const { t } = useTranslation();
  const counts = useCallCounts();
  const calls = useFirstPendingCalls(FIRST);
  const n = counts.data?.pendingNow ?? calls.data?.items.length ?? 0;
  return (
    <Panel title={t('home.calls.title')} icon="phone" count={n} tone="orange" to="/calls" linkLabel={t('home.calls.open')} testId="home-calls">
      {calls.isError && <LoadError error={calls.error} onRetry={() => void calls.refetch()} />}
      {calls.data && !calls.data.items.length && <Empty>{t('home.calls.empty')}</Empty>}
      {calls.data?.items.map((c) => (
        <Row
          key={c.id}
          to={`/calls/${c.id}`}
          title={callerText(c) ?? t('home.calls.unknown')}
          meta={c.description}
          right={<When value={c.registeredAt} size="xs" c="dimmed" />}
        />
      ))}
      {(counts.data?.postponed ?? 0) > 0 && (
        <Text size="xs" c="dimmed" mt={6}>
          <Anchor component={Link} to="/calls?view=postponed" size="xs">
            {t('home.calls.postponed', { count: counts.data!.postponed })}
          </Anchor>
        </Text>
      )}
      {counts.data?.allPendingNow != null && (
        <Text size="sm" mt={6} data-testid="home-calls-all">
          <Anchor component={Link} to="/calls?mine=false" size="sm">
            {t('home.calls.all', { count: counts.data.allPendingNow })}
          </Anchor>
        </Text>
      )}
    </Panel>
  );
}

function AgendaPanel() {
  const { t } = useTranslation();
  const f = useFormat();
  const today = f.today();
  const agenda = useQuery({ queryKey: ['me', 'agenda', 'home'], queryFn: ({ signal }) => api.get<Agenda>('/me/agenda', undefined, signal) });
  const events = useQuery({
    queryKey: ['customer-events', 'home'],
    queryFn: ({ signal }) => api.get<Page<CustomerEvent>>('/customer-events', { mine: 'true', status: 'pending', limit: 20 }, signal),
  });
  const tasks = (agenda.data?.items ?? []).filter((i) => i.when !== 'upcoming');
  const callbacks = (events.data?.items ?? []).filter((e) => e.overdue || f.date(e.dueAt) === f.date(today));
  const count = (agenda.data ? agenda.data.counts.overdue + agenda.data.counts.today : 0) + callbacks.length;
  const loaded = agenda.data && events.data;
  return (
    <Panel title={t('home.agenda.title')} icon="clock" count={count} tone="red" to="/agenda" linkLabel={t('home.agenda.open')} testId="home-agenda">
      {agenda.isError && <LoadError error={agenda.error} onRetry={() => void agenda.refetch()} />}
      {loaded && !count && <Empty>{agenda.data!.counts.upcoming ? t('home.agenda.emptyUpcoming', { count: agenda.data!.counts.upcoming }) : t('home.agenda.empty')}</Empty>}
      {callbacks.slice(0, FIRST).map((e) => (
        <Row
          key={`e${e.id}`}
          to={`/customer-agenda?customerId=${e.customerId}`}
          title={e.title}
          meta={`${t('home.agenda.callback')} · ${e.customerName}`}
          right={
            <StatusBadge tone={e.overdue ? 'red' : 'orange'} miw="max-content">
              {e.overdue ? f.dateTime(e.dueAt) : `${t('home.agenda.today')} ${f.dateTime(e.dueAt).split(' ').pop()}`}
            </StatusBadge>
          }
        />
      ))}
      {tasks.slice(0, FIRST).map((i) => (
        <Row
          key={`t${i.id}`}
          to={`/tasks/${i.id}`}
          title={i.title}
          meta={[i.followUp ? t('home.agenda.followUp') : t('home.agenda.due'), i.customerName].filter(Boolean).join(' · ')}
          right={
            <StatusBadge tone={i.when === 'overdue' ? 'red' : 'orange'} miw="max-content">
              {i.when === 'today' ? t('home.agenda.today') : <DateText value={i.date} fz="inherit" />}
            </StatusBadge>
          }
        />
      ))}
    </Panel>
  );
}

function ActivitiesPanel() {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ['activities', 'home'], queryFn: ({ signal }) => api.get<Page<Activity>>('/activities', { pending: 'true', registeredBy: 'me', limit: FIRST }, signal) });
  const items = list.data?.items ?? [];
  return (
    <Panel title={t('home.activities.title')} icon="tool" to="/activities?pending=true&mine=1" linkLabel={t('home.activities.open')} testId="home-activities" count={list.data ? (list.data.nextCursor ? undefined : items.length) : undefined}>
      {list.isError && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && !items.length && <Empty>{t('home.activities.empty')}</Empty>}
      {items.map((a) => (
        <Row key={a.id} to={`/activities/${a.id}`} title={a.problem || t('home.activities.noProblem')} meta={a.customerName ?? undefined} right={<When value={a.registeredAt} size="xs" c="dimmed" />} />
      ))}
    </Panel>
  );
}

function NoticesPanel() {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ['notices', 'home'], queryFn: ({ signal }) => api.get<NoticePage>('/notices', { unread: 'true', limit: FIRST }, signal), refetchInterval: 60_000 });
  const items: Notice[] = list.data?.items ?? [];
  return (
    <Panel title={t('home.notices.title')} icon="bell" count={list.data?.unreadCount} tone="blue" to="/notices" linkLabel={t('home.notices.open')} testId="home-notices">
      {list.isError && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && !items.length && <Empty>{t('home.notices.empty')}</Empty>}
      {items.map((n) => (
        <Row key={n.id} to={n.link ? recordHref(n.link.type, n.link.id) : '/notices'} title={n.title} meta={n.body ?? undefined} right={<When value={n.createdAt} size="xs" c="dimmed" />} />
      ))}
    </Panel>
  );
}

export function HomePage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const f = useFormat();
  const navigate = useNavigate();
  const canWrite = useCan('support.write');
  const canRead = useCan('read');
  useNewAction(() => navigate('/calls/new'), canWrite, t('home.newCall'));
  const todayLabel = f.date(f.today());
  return (
    <Stack maw={1200}>
      <PageHeader
        title={t('home.myDay')}
        subtitle={`${t('home.welcome', { name: user?.name ?? '' })} · ${todayLabel}`}
        actions={
          <>
            {canWrite && (
              <Tooltip label={t('home.newCallHint')}>
                <Button component={Link} to="/calls/new" leftSection={<Icon name="phone" size={16} />} rightSection={<Kbd size="xs">n</Kbd>}>
                  {t('home.newCall')}
                </Button>
              </Tooltip>
            )}
            {canWrite && (
              <Button component={Link} to="/activities/new" variant="light" leftSection={<Icon name="tool" size={16} />}>
                {t('home.newActivity')}
              </Button>
            )}
            <Button variant="default" onClick={() => searchFocus.current?.()} leftSection={<Icon name="search" size={16} />} rightSection={<Kbd size="xs">/</Kbd>}>
              {t('home.search')}
            </Button>
          </>
        }
      />
      {canRead ? (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <CallsPanel />
          <AgendaPanel />
          <ActivitiesPanel />
          <NoticesPanel />
        </SimpleGrid>
      ) : (
        <NoticesPanel />
      )}
    </Stack>
  );
}
