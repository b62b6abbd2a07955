/**
 * A timeline (customer history, unit service history): entries newest first with type, title,
 * summary, status badge and when; keyset "load more". Entry types link to the page registered by
 * the module that owns them (`searchTargets` in its WebModule).
 */
import { Anchor, Box, Button, Group, Stack, Text, Timeline } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { FeedEntry } from '../../shared/customers.ts';
import type { SearchHit, WebModule } from '../app/module.ts';
import { useWebModules } from '../app/modules-context.tsx';
import { useFormat } from '../app/format.ts';
import { StatusBadge } from './badges.tsx';
import { useCatalog } from './catalogs.tsx';
import { LoadError, PageLoader } from './feedback.tsx';
import { feedApi } from './queries.ts';
import { EmptyHint } from './list.tsx';
import { When } from './when.tsx';

export type { FeedEntry } from '../../shared/customers.ts';

const TYPE_COLORS: Record<string, string> = { unit: 'violet', contract: 'blue', call: 'orange', activity: 'cyan', incident: 'red', task: 'yellow', time_entry: 'teal', invoice: 'green' };

function linkFor(webModules: readonly WebModule[], entry: FeedEntry, customerId?: string): string | undefined {
  for (const m of webModules) {
    const target = m.searchTargets?.[entry.type];
    if (target) return target({ type: entry.type, id: entry.id, customerId: customerId ?? null, title: entry.title, subtitle: null } satisfies SearchHit);
  }
  return undefined;
}

export function Feed({ path, queryKey, empty, typeLabel, customerId }: { path: string; queryKey: readonly unknown[]; empty: ReactNode; typeLabel: (type: string) => string; customerId?: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const webModules = useWebModules();
  // Entries carry status codes: show the text of the area's status table (the code on hover).
  const callStatuses = useCatalog('call-statuses');
  const activityStatuses = useCatalog('activity-statuses');
  const incidentEventTypes = useCatalog('incident-event-types');
  const byType: Record<string, { describe: (code: string | null | undefined) => string | null | undefined }> = {
    call: callStatuses,
    activity: activityStatuses,
    incident_event: incidentEventTypes,
  };
  const statusText = (e: FeedEntry) => byType[e.type]?.describe(e.status) ?? e.status;
  // Summaries are written by the server with ISO dates: show them as the user reads dates.
  const localDates = (text: string) => text.replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (d) => f.date(d));
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) => feedApi.page(path, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (query.isPending) return <PageLoader />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const items = query.data.pages.flatMap((p) => p.items);
  if (!items.length) return <EmptyHint title={empty} />;
  return (
    <Stack gap="sm">
      <Timeline bulletSize={14} lineWidth={2}>
        {items.map((e) => {
          const to = linkFor(webModules, e, customerId);
          return (
            <Timeline.Item key={`${e.type}:${e.id}:${e.at}`} color={TYPE_COLORS[e.type] ?? 'gray'}>
              <Group gap="xs" wrap="wrap">
                <StatusBadge tone="gray" variant="outline">
                  {typeLabel(e.type)}
                </StatusBadge>
                {to ? (
                  <Anchor component={Link} to={to} size="sm" fw={500}>
                    {e.title}
                  </Anchor>
                ) : (
                  <Text size="sm" fw={500}>
                    {e.title}
                  </Text>
                )}
                {e.status && (
                  <StatusBadge tone={e.pending ? 'orange' : 'green'} title={e.status}>
                    {statusText(e)}
                  </StatusBadge>
                )}
              </Group>
              {e.summary && (
                <Text size="sm" c="dimmed" lineClamp={2}>
                  {localDates(e.summary)}
                </Text>
              )}
              <Text size="xs" c="dimmed">
                <When value={e.at} size="xs" />
                {e.userName ? ` · ${e.userName}` : ''}
              </Text>
            </Timeline.Item>
          );
        })}
      </Timeline>
      {query.hasNextPage && (
        <Box>
          <Button variant="light" size="xs" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
            {t('actions.loadMore')}
          </Button>
        </Box>
      )}
    </Stack>
  );
}
