/** The VERI*FACTU records with the chain's state: count, last fingerprint, sending, last check; verify and export. */
import { Alert, Anchor, Button, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan } from '../app/auth.tsx';
import { useFormat } from '../app/format.ts';
import { StatusBadge } from '../ui/badges.tsx';
import { notifyError } from '../ui/feedback.tsx';
import { Icon } from '../ui/icons.tsx';
import { type Column, EmptyHint, useKeysetList } from '../ui/list.tsx';
import { ListPage } from '../ui/list-page.tsx';
import { Section } from '../ui/page.tsx';
import { billingApi, billingKeys, useChainState, useVerifyChain, type VerifactuRecord } from './queries.ts';

export function VerifactuPage() {
  const { t } = useTranslation('billing');
  const f = useFormat();
  const canVerify = useCan('billing.write');
  const state = useChainState();
  const verify = useVerifyChain();
  const list = useKeysetList<VerifactuRecord>(billingKeys.records(), (cursor, signal) => billingApi.recordsPage(cursor, signal));
  const s = state.data;
  const result = verify.data?.records;

  const columns: Column<VerifactuRecord>[] = [
    { key: 'seq', header: t('chain.seq'), width: 60, render: (r) => r.seq },
    { key: 'kind', header: t('chain.kind'), width: 110, render: (r) => <StatusBadge tone={r.kind === 'alta' ? 'blue' : 'orange'}>{t(`chain.${r.kind}`)}</StatusBadge> },
    {
      key: 'invoice',
      header: t('chain.invoice'),
      width: 140,
      render: (r) => (
        <Anchor component={Link} to={`/invoices/${r.invoiceId}`} ff="monospace" size="sm">
          {r.numSerie}
        </Anchor>
      ),
    },
    { key: 'total', header: t('col.total'), width: 100, align: 'right', render: (r) => r.importeTotal ?? '' },
    { key: 'generated', header: t('chain.generated'), width: 200, wide: true, render: (r) => <Text size="xs" ff="monospace">{r.generatedAt}</Text> },
    { key: 'fingerprint', header: t('chain.fingerprint'), render: (r) => <Text size="xs" ff="monospace" title={r.fingerprint}>{r.fingerprint.slice(0, 16)}…</Text> },
    { key: 'send', header: t('chain.sendState'), width: 150, render: (r) => <Text size="sm" title={r.replyText ?? undefined}>{t(`chain.states.${r.sendState}`)}</Text> },
  ];

  return (
    <ListPage
      title={t('chain.title')}
      subtitle={t('chain.subtitle')}
      actions={
        <>
          <Button component="a" href={billingApi.exportUrl()} variant="default" leftSection={<Icon name="download" size={16} />}>
            {t('chain.export')}
          </Button>
          {canVerify && (
            <Button leftSection={<Icon name="shield" size={16} />} loading={verify.isPending} onClick={() => verify.mutate(undefined, { onError: (e) => notifyError(e) })}>
              {t('chain.verify')}
            </Button>
          )}
        </>
      }
      top={
        <>
          {result && (
            <Alert color={result.ok ? 'green' : 'red'} role="status">
              {result.ok
                ? t('chain.verified', { count: result.checked })
                : t('chain.brokenAt', { seq: result.firstBreak?.seq, numSerie: result.firstBreak?.numSerie ?? '—', reason: t(`chain.${result.firstBreak?.reason ?? 'link_mismatch'}`) })}
            </Alert>
          )}
          {s && (
            <Section title={t('chain.title')}>
              <SimpleGrid cols={{ base: 2, sm: 5 }}>
                <Stat label={t('chain.records')} value={f.number(s.records)} />
                <Stat label={t('chain.events')} value={f.number(s.events)} />
                <Stat label={t('chain.pending')} value={f.number(s.pendingToSend)} />
                <Stat label={t('chain.sending')} value={s.sending ? t('chain.on') : t('chain.off')} />
                <Stat
                  label={t('chain.lastCheck')}
                  value={s.lastCheck ? <Group gap={6}>{f.dateTime(s.lastCheck.at)} <StatusBadge tone={s.lastCheck.ok ? 'green' : 'red'}>{s.lastCheck.ok ? t('chain.ok') : t('chain.broken')}</StatusBadge></Group> : t('chain.never')}
                />
              </SimpleGrid>
              <Text size="xs" c="gray.7" mt="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
                {t('chain.lastFingerprint')}: {s.lastFingerprint || '—'}
              </Text>
            </Section>
          )}
        </>
      }
      list={list}
      columns={columns}
      rowKey={(r) => String(r.seq)}
      empty={<EmptyHint title={t('chain.empty')} />}
    />
  );
}

function Stat({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="gray.7">
        {label}
      </Text>
      <Text component="div" fw={600}>
        {value}
      </Text>
    </Stack>
  );
}
