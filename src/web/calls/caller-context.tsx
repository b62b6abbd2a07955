/**
 * Beside the identified caller on the new-call form: their pending calls, activities and tasks, open
 * incidents, units with warranty/contract coverage and contracts in force (service type, priority).
 * Each entry links to its page in another tab, so nothing typed in the form is lost.
 */
import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Text, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../app/format.ts';
import { useCatalog } from '../ui/catalogs.tsx';
import { useCallerContext } from './queries.ts';

function Item({ href, children, title }: { href: string; children: ReactNode; title?: string }) {
  const { t } = useTranslation('calls');
  return (
    <Anchor href={href} target="_blank" rel="noopener" size="sm" title={title} style={{ display: 'block' }} lineClamp={1}>
      {children}
      <VisuallyHidden>{t('new.context.newTab')}</VisuallyHidden>
    </Anchor>
  );
}

function Block({ title, more, children, testId }: { title: string; more: boolean; children: ReactNode[]; testId: string }) {
  const { t } = useTranslation('calls');
  if (!children.length) return null;
  return (
    <Stack gap={2} data-testid={testId}>
      <Text size="xs" fw={700} c="gray.7" tt="uppercase">
        {title} ({children.length}
        {more ? '+' : ''})
      </Text>
      {children}
      {more && (
        <Text size="xs" c="gray.7">
          {t('new.context.more')}
        </Text>
      )}
    </Stack>
  );
}

export function CallerContextPanel({ customerId }: { customerId: string }) {
  const { t } = useTranslation('calls');
  const f = useFormat();
  const ctx = useCallerContext(customerId);
  const statuses = useCatalog('call-statuses');
  const activityStatuses = useCatalog('activity-statuses');
  const incidentStatuses = useCatalog('incident-statuses');
  const priorities = useCatalog('priorities');
  const serviceTypes = useCatalog('service-types');
  if (!ctx.data) return null;
  const c = ctx.data;
  const base = `/customers/${c.customer.id}`;
  const work = c.openCalls.length + c.pendingActivities.length + c.pendingTasks.length + c.openIncidents.length;
  return (
    <Paper withBorder radius="md" p="sm" mt="xs" component="section" aria-labelledby="caller-context-title" data-testid="caller-context">
      <Group justify="space-between" mb={6}>
        <Text id="caller-context-title" fw={600} size="sm">
          {t('new.context.title')}
        </Text>
        <Anchor href={base} target="_blank" rel="noopener" size="sm">
          {c.customer.name} ({c.customer.code})
        </Anchor>
      </Group>
      {c.contracts.length > 0 && (
        <Group gap={6} mb={6} data-testid="caller-contracts">
          {c.contracts.map((k) => (
            <Badge key={k.id} variant="light" color="indigo" size="lg" tt="none" component="a" href={`/contracts/${k.id}`} target="_blank" rel="noopener" style={{ cursor: 'pointer' }} title={k.description ?? undefined}>
              {t('new.context.contractLine', { code: k.code, date: f.date(k.endDate) })}
              {k.serviceTypeCode ? ` · ${serviceTypes.describe(k.serviceTypeCode)}` : ''}
              {k.priorityCode ? ` · ${t('new.context.priority', { priority: priorities.describe(k.priorityCode) })}` : ''}
            </Badge>
          ))}
        </Group>
      )}
      {work === 0 && (
        <Text size="sm" c="gray.7" mb={6}>
          {t('new.context.none')}
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="xs">
        <Block title={t('new.context.incidents')} more={c.moreIncidents} testId="caller-incidents">
          {c.openIncidents.map((i) => (
            <Item key={i.id} href={`/incidents/${i.id}`} title={i.statusCode}>
              {i.number} · {i.symptom} · {incidentStatuses.describe(i.statusCode)}
            </Item>
          ))}
        </Block>
        <Block title={t('new.context.calls')} more={c.moreCalls} testId="caller-calls">
          {c.openCalls.map((x) => (
            <Item key={x.id} href={`/calls/${x.id}`} title={x.statusCode}>
              {f.dateTime(x.registeredAt)} · {x.description || statuses.describe(x.statusCode)}
            </Item>
          ))}
        </Block>
        <Block title={t('new.context.activities')} more={c.moreActivities} testId="caller-activities">
          {c.pendingActivities.map((x) => (
            <Item key={x.id} href={`/activities/${x.id}`} title={x.statusCode}>
              {f.date(x.registeredAt)} · {x.problem || activityStatuses.describe(x.statusCode)}
            </Item>
          ))}
        </Block>
        <Block title={t('new.context.tasks')} more={c.moreTasks} testId="caller-tasks">
          {c.pendingTasks.map((x) => (
            <Item key={x.id} href={`/tasks/${x.id}`}>
              {x.title}
              {x.dueDate ? ` · ${t('new.context.due', { date: f.date(x.dueDate) })}` : ''}
            </Item>
          ))}
        </Block>
        <Block title={t('new.context.units')} more={c.moreUnits} testId="caller-units">
          {c.units.map((u) => (
            <Item key={u.id} href={`/units/${u.id}`}>
              {u.serialNumber} · {u.itemDescription} ·{' '}
              {u.underContract && u.contractCode && u.contractEnd
                ? t('new.context.underContract', { code: u.contractCode, date: f.date(u.contractEnd) })
                : u.underWarranty && u.warrantyEnd
                  ? t('new.context.underWarranty', { date: f.date(u.warrantyEnd) })
                  : t('new.context.noCoverage')}
            </Item>
          ))}
        </Block>
      </SimpleGrid>
    </Paper>
  );
}
