/**
 * One incident as the technician works it: who, what unit and what coverage when it came in; owner
 * and delegation; lifecycle buttons that say what is still missing; the case text; events and
 * history in one timeline; supplies with totals; attachments; print.
 */
import { Alert, Anchor, Button, Card, Grid, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Timeline, Title, Tooltip } from '@mantine/core';
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { AttachmentsSection } from '../activities/attachments-section.tsx';
import { IncidentInvoice } from '../billing/incident-invoice.tsx';
import { useIncidentInvoices } from '../billing/queries.ts';
import { IncidentSlaClocks } from '../sla/clocks.tsx';
import { errorMessage } from '../app/api.ts';
import { useCan } from '../app/auth.tsx';
import { useFormat } from '../app/format.ts';
import { ItemPicker } from '../customers/pickers.tsx';
import { StatusBadge } from '../ui/badges.tsx';
import { CatalogSelect, catalogOptions, useCatalog, codeSearch } from '../ui/catalogs.tsx';
import { LoadError, notifyError, notifySuccess, PageLoader } from '../ui/feedback.tsx';
import { Icon } from '../ui/icons.tsx';
import { RowsTable } from '../ui/list.tsx';
import { Fields, PageHeader, Section, PrintButton } from '../ui/page.tsx';
import { When } from '../ui/when.tsx';
import { CaseTypeBadge, OwnerSelect, ownerBody, ownerText, StageBadge } from './parts.tsx';
import { type IncidentDetail, type IncidentSupply, incidentsApi, useIncident, useIncidentActions } from './queries.ts';

export function IncidentPage() {
  const { id = '' } = useParams();
  const incident = useIncident(id);
  if (incident.error) return <LoadError error={incident.error} onRetry={() => void incident.refetch()} />;
  if (!incident.data) return <PageLoader />;
  return <IncidentView incident={incident.data} />;
}

function IncidentView({ incident: i }: { incident: IncidentDetail }) {
  const { t, i18n } = useTranslation('incidents');
  const f = useFormat();
  const canWrite = useCan('support.write');
  const canSeeInvoices = useCan('read');
  const invoices = useIncidentInvoices(i.id, { enabled: canSeeInvoices && !!i.invoiceId });
  const actions = useIncidentActions(i.id);
  const statuses = useCatalog('incident-statuses');
  const priorities = useCatalog('priorities');
  const eventTypes = useCatalog('incident-event-types');
  const resolutions = useCatalog('resolution-codes');
  const reasons = useCatalog('reason-codes');
  const closed = i.stage === 'closed';

  const [text, setText] = useState({ symptom: i.symptom, diagnosis: i.diagnosis ?? '', solution: i.solution ?? '' });
  const [codes, setCodes] = useState({ resolutionCode: i.resolutionCode, specificResolutionCode: i.specificResolutionCode });
  useEffect(() => {
    setText({ symptom: i.symptom, diagnosis: i.diagnosis ?? '', solution: i.solution ?? '' });
    setCodes({ resolutionCode: i.resolutionCode, specificResolutionCode: i.specificResolutionCode });
  }, [i.symptom, i.diagnosis, i.solution, i.resolutionCode, i.specificResolutionCode]);
  const dirty = text.symptom !== i.symptom || text.diagnosis !== (i.diagnosis ?? '') || text.solution !== (i.solution ?? '') || codes.resolutionCode !== i.resolutionCode || codes.specificResolutionCode !== i.specificResolutionCode;

  /** Every action says how it went: success, or the server's message (a 409 names what is missing). */
  const run = async (p: Promise<unknown>, ok: string) => {
    try {
      await p;
      notifySuccess(ok);
    } catch (e) {
      notifyError(e);
      throw e;
    }
  };
  // A form of the page runs one action: say how it went, then `after` (close its dialog, clear it).
  const submitRun = (action: () => Promise<unknown>, ok: string, after: () => void) => (e: FormEvent) => {
    e.preventDefault();
    void run(action(), ok).then(after);
  };
  const save = () =>
    actions.patch.mutateAsync({
      symptom: text.symptom,
      diagnosis: text.diagnosis || null,
      solution: text.solution || null,
      resolutionCode: codes.resolutionCode,
      specificResolutionCode: codes.specificResolutionCode,
    });

  const missingText = (list: string[]) => t('page.needs', { list: list.map((m) => t(`page.missing.${m}`, { defaultValue: m })).join(', ') });
  const step = (name: 'diagnose' | 'resolve' | 'close', label: string, go: () => Promise<unknown>) => {
    const missing = i.missing[name];
    return (
      <Stack gap={2} key={name} align="flex-start">
        <Button
          size="sm"
          variant={missing.length ? 'default' : 'filled'}
          onClick={() => void run((dirty ? save() : Promise.resolve()).then(go), t('page.stepDone', { stage: t(`stage.${name === 'diagnose' ? 'diagnosed' : name === 'resolve' ? 'resolved' : 'closed'}`) }))}
          disabled={!canWrite || (missing.includes('stage'))}
          data-testid={`step-${name}`}
        >
          {label}
        </Button>
        {missing.length > 0 && !missing.includes('stage') && (
          <Text size="xs" c="#9a3412" data-testid={`missing-${name}`}>
            {missingText(missing)}
          </Text>
        )}
      </Stack>
    );
  };

  const [reopenOpen, setReopenOpen] = useState(false);
  const [reopenReason, setReopenReason] = useState('');
  const [delegateOpen, setDelegateOpen] = useState(false);
  const [delegate, setDelegate] = useState<{ to: string | null; note: string }>({ to: null, note: '' });
  const [event, setEvent] = useState<{ typeCode: string | null; text: string }>({ typeCode: null, text: '' });
  const [editing, setEditing] = useState<{ supply: IncidentSupply; quantity: string; price: number | string; description: string } | null>(null);
  const [supply, setSupply] = useState<{ itemId: string | null; quantity: string; price: number | string }>({ itemId: null, quantity: '1', price: '' });

  type Entry = { at: string; key: string; title: string; body?: ReactNode; who: string | null; tone: string };
  const entries: Entry[] = [
    ...i.events.map((e) => ({ at: e.at, key: `e${e.id}`, title: eventTypes.describe(e.typeCode) + (i.firstResponseAt === e.at && e.countsAsResponse ? ` · ${t('page.firstResponseStamp')}` : ''), body: e.text, who: e.userName, tone: 'blue' })),
    // An intake without an owner records "nobody → nobody": nothing to show.
    ...i.changes.filter((c) => !(c.kind === 'owner' && c.from === c.to)).map((c) => ({
      at: c.at,
      key: `c${c.id}`,
      title: t(`page.change.${c.kind}`, { from: changeValue(c.kind, c.from, c.fromName), to: changeValue(c.kind, c.to, c.toName), defaultValue: c.kind }),
      body: changeNote(c.kind, c.note),
      who: c.userName,
      tone: 'gray',
    })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  function changeNote(kind: string, note: string | null): ReactNode {
    if (!note) return null;
    if (note.startsWith('rule:')) return t('page.byRule', { code: note.slice(5) });
    // The billing close hook's invoice: its number, linked.
    if (kind === 'close' && /^invoice:\d+$/.test(note)) {
      const invoiceId = note.slice(8);
      const number = invoices.data?.find((inv) => inv.id === invoiceId)?.number;
      return (
        <>
          {t('page.closedInvoiced')}{' '}
          <Anchor component={Link} to={`/invoices/${invoiceId}`} ff="monospace" size="sm">
            {number ?? t('page.invoiceLink')}
          </Anchor>
        </>
      );
    }
    // One or more reasons ("status,priority"), each in words.
    if (kind.endsWith('_due')) return note.split(',').map((r) => t(`page.slaReason.${r}`, { defaultValue: r })).join(' · ');
    return note;
  }
  function changeValue(kind: string, v: string | null, name: string | null) {
    if (!v) return kind === 'owner' ? t('page.ownerNone') : kind.endsWith('_due') ? t('page.noDeadline') : '—';
    if (kind.endsWith('_due')) return f.dateTime(v);
    if (kind === 'case_type') return t(`caseType.${v}`, { defaultValue: v });
    if (kind === 'status') return statuses.describe(v);
    if (kind === 'priority') return priorities.describe(v);
    if (kind === 'owner') return name ?? (v.startsWith('user:') ? `#${v.slice(5)}` : v.startsWith('group:') ? `#${v.slice(6)}` : v);
    return v;
  }

  return (
    <Stack gap="sm">
      <PageHeader
        title={`${i.number} · ${i.customerName ?? ''}`}
        subtitle={i.symptom.slice(0, 140)}
        back={{ to: '/incidents', label: t('page.back') }}
        badges={
          <>
            <StageBadge stage={i.stage} />
            <CaseTypeBadge caseType={i.caseType} />
            <StatusBadge tone="gray">{statuses.describe(i.statusCode)}</StatusBadge>
            <StatusBadge tone="orange">{priorities.describe(i.priorityCode)}</StatusBadge>
          </>
        }
        actions={
          <>
          <PrintButton />
          <Button component="a" href={incidentsApi.pdfUrl(i.id)} target="_blank" rel="noopener" variant="default" leftSection={<Icon name="download" size={16} />} title={t('page.printHint')}>
            {t('page.print')}
          </Button>
          </>
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="sm">
            <Section title={t('page.lifecycle')}>
              <Group align="flex-start" gap="md" wrap="wrap">
                {step('diagnose', t('page.diagnose'), () => actions.diagnose.mutateAsync({ diagnosis: text.diagnosis || null }))}
                {step('resolve', t('page.resolve'), () => actions.resolve.mutateAsync({ solution: text.solution || null, resolutionCode: codes.resolutionCode, specificResolutionCode: codes.specificResolutionCode }))}
                {step('close', t('page.close'), () => actions.close.mutateAsync(undefined))}
                {(i.stage === 'resolved' || closed) && canWrite && (
                  <Button size="sm" variant="light" color="orange" onClick={() => setReopenOpen(true)}>
                    {t('page.reopen')}
                  </Button>
                )}
              </Group>
            </Section>
            <Section title={t('page.details')}>
              <Stack gap="xs">
                <Textarea label={t('page.symptom')} value={text.symptom} onChange={(e) => setText({ ...text, symptom: e.currentTarget.value })} autosize minRows={2} disabled={closed || !canWrite} />
                <Textarea label={t('page.diagnosis')} value={text.diagnosis} onChange={(e) => setText({ ...text, diagnosis: e.currentTarget.value })} autosize minRows={2} disabled={closed || !canWrite} data-testid="page-diagnosis" />
                <Textarea label={t('page.solution')} value={text.solution} onChange={(e) => setText({ ...text, solution: e.currentTarget.value })} autosize minRows={2} disabled={closed || !canWrite} data-testid="page-solution" />
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <Select
                    label={t('page.resolutionCode')}
                    data={catalogOptions(resolutions.entries.filter((e) => !e.parentCode), i18n.language, codes.resolutionCode)}
                    {...codeSearch}
                    value={codes.resolutionCode}
                    onChange={(v) => setCodes({ resolutionCode: v, specificResolutionCode: null })}
                    clearable
                    searchable
                    disabled={closed || !canWrite}
                  />
                  <Select
                    label={t('page.specificResolutionCode')}
                    data={catalogOptions(resolutions.entries.filter((e) => e.parentCode && (!codes.resolutionCode || e.parentCode === codes.resolutionCode)), i18n.language, codes.specificResolutionCode)}
                    {...codeSearch}
                    value={codes.specificResolutionCode}
                    onChange={(v) => setCodes({ resolutionCode: resolutions.entries.find((e) => e.code === v)?.parentCode ?? codes.resolutionCode, specificResolutionCode: v })}
                    clearable
                    searchable
                    disabled={closed || !canWrite}
                  />
                </SimpleGrid>
                {canWrite && !closed && (
                  <Group justify="flex-end">
                    <Button disabled={!dirty} onClick={() => void run(save(), t('page.saved'))} loading={actions.patch.isPending}>
                      {t('page.save')}
                    </Button>
                  </Group>
                )}
              </Stack>
            </Section>
            <Section title={t('page.events')}>
              <Stack gap="sm">
                {entries.length === 0 ? (
                  <Text size="sm" c="dimmed">{t('page.noEvents')}</Text>
                ) : (
                  <Timeline bulletSize={14} lineWidth={2}>
                    {entries.map((e) => (
                      <Timeline.Item key={e.key} color={e.tone} title={<Text size="sm" fw={600}>{e.title}</Text>}>
                        {e.body && <Text size="sm" component="div" style={{ whiteSpace: 'pre-wrap' }}>{e.body}</Text>}
                        <Text size="xs" c="dimmed">
                          {f.dateTime(e.at)}
                          {e.who ? ` · ${e.who}` : ''}
                        </Text>
                      </Timeline.Item>
                    ))}
                  </Timeline>
                )}
                {canWrite && (
                  <form onSubmit={submitRun(() => actions.addEvent.mutateAsync({ typeCode: event.typeCode, text: event.text }), t('page.addEvent'), () => setEvent({ typeCode: event.typeCode, text: '' }))}>
                    <Group align="flex-end" gap="xs" wrap="wrap">
                      <CatalogSelect catalog="incident-event-types" label={t('page.eventType')} value={event.typeCode ?? eventTypes.defaultEntry?.code ?? null} onChange={(v) => setEvent({ ...event, typeCode: v })} w={220} />
                      <TextInput label={t('page.eventText')} value={event.text} onChange={(e) => setEvent({ ...event, text: e.currentTarget.value })} style={{ flex: 1, minWidth: 220 }} />
                      <Button type="submit" disabled={!event.text.trim()} loading={actions.addEvent.isPending}>
                        {t('page.addEvent')}
                      </Button>
                    </Group>
                  </form>
                )}
              </Stack>
            </Section>
            <Section title={t('page.supplies')}>
              <Stack gap="xs">
                {i.supplies.length === 0 ? (
                  <Text size="sm" c="dimmed">{t('page.noSupplies')}</Text>
                ) : (
                  <RowsTable
                    rows={i.supplies}
                    rowKey={(s) => s.id}
                    minWidth={560}
                    striped
                    columns={[
                      { key: 'item', header: t('page.supplyItem'), render: (s) => `${s.itemCode} · ${s.description}` },
                      { key: 'quantity', header: t('page.supplyQuantity'), align: 'right', render: (s) => f.number(s.quantityMilli / 1000) },
                      { key: 'price', header: t('page.supplyPrice'), align: 'right', render: (s) => f.money(s.unitPriceCents) },
                      { key: 'vat', header: t('page.vat'), align: 'right', render: (s) => f.percent(s.vatRateBp) },
                      { key: 'total', header: t('page.total'), align: 'right', render: (s) => f.money(s.totalCents) },
                      {
                        key: 'actions',
                        header: '',
                        render: (s) =>
                          canWrite && !closed && (
                            <Group gap={0} wrap="nowrap">
                            <Tooltip label={t('page.editSupply', { name: s.description })}>
                              <Button size="compact-xs" variant="subtle" aria-label={t('page.editSupply', { name: s.description })} onClick={() => setEditing({ supply: s, quantity: s.quantity, price: s.unitPriceCents / 100, description: s.description })}>
                                <Icon name="edit" size={14} />
                              </Button>
                            </Tooltip>
                            <Tooltip label={t('page.removeSupply', { name: s.description })}>
                              <Button size="compact-xs" variant="subtle" color="red" aria-label={t('page.removeSupply', { name: s.description })} onClick={() => void run(actions.removeSupply.mutateAsync(s.id), t('page.saved'))}>
                                <Icon name="trash" size={14} />
                              </Button>
                            </Tooltip>
                            </Group>
                          ),
                      },
                    ]}
                    footer={
                      <Table.Tr>
                        <Table.Th colSpan={4} ta="right">{t('page.base')} {f.money(i.totals.baseCents)} · {t('page.vat')} {f.money(i.totals.vatCents)}</Table.Th>
                        <Table.Th ta="right" data-testid="supplies-total">{f.money(i.totals.totalCents)}</Table.Th>
                        <Table.Th />
                      </Table.Tr>
                    }
                  />
                )}
                {canWrite && !closed && (
                  <Group align="flex-end" gap="xs" wrap="wrap">
                    <ItemPicker label={t('page.supplyItem')} value={supply.itemId} onChange={(v) => setSupply({ ...supply, itemId: v })} w={260} />
                    <TextInput label={t('page.supplyQuantity')} value={supply.quantity} onChange={(e) => setSupply({ ...supply, quantity: e.currentTarget.value })} w={110} />
                    <NumberInput label={t('page.supplyPrice')} value={supply.price} onChange={(v) => setSupply({ ...supply, price: v })} decimalScale={2} min={0} w={140} />
                    <Button
                      disabled={!supply.itemId}
                      loading={actions.addSupply.isPending}
                      onClick={() =>
                        void run(
                          actions.addSupply.mutateAsync({ itemId: supply.itemId!, quantity: supply.quantity, unitPriceCents: supply.price === '' ? null : Math.round(Number(supply.price) * 100) }),
                          t('page.addSupply'),
                        ).then(() => setSupply({ itemId: null, quantity: '1', price: '' }))
                      }
                    >
                      {t('page.addSupply')}
                    </Button>
                  </Group>
                )}
              </Stack>
            </Section>
            <Section title={t('page.attachments')}>
              <AttachmentsSection basePath={`/incidents/${i.id}/attachments`} />
            </Section>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="sm">
            <Card withBorder padding="sm">
              <Title order={2} size="h5" mb="xs">{t('page.owner')}</Title>
              <Group justify="space-between">
                <Text size="sm" data-testid="owner">{ownerText(i, t('page.ownerNone'))}</Text>
                {canWrite && !closed && (
                  <Button size="xs" variant="light" onClick={() => setDelegateOpen(true)}>
                    {t('page.delegate')}
                  </Button>
                )}
              </Group>
            </Card>
            <Card withBorder padding="sm" data-testid="incident-sla">
              <Title order={2} size="h5" mb="xs">{t('page.sla')}</Title>
              <IncidentSlaClocks incidentId={i.id} />
            </Card>
            {canSeeInvoices && (i.invoiceId || i.caseType === 'billable') && (
              <Card withBorder padding="sm" data-testid="incident-invoice">
                <Title order={2} size="h5" mb="xs">{t('page.invoice')}</Title>
                <IncidentInvoice incidentId={i.id} />
              </Card>
            )}
            <Card withBorder padding="sm">
              <Fields
                cols={1}
                items={[
                  { label: t('page.customer'), value: i.customerName ?? '—' },
                  { label: t('page.contact'), value: [i.contactName, i.contactPhone, i.contactEmail].filter(Boolean).join(' · ') || '—' },
                  { label: t('page.unit'), value: i.serialNumber ?? '—' },
                  { label: t('page.item'), value: i.itemDescription ? `${i.itemCode} · ${i.itemDescription}` : '—' },
                  {
                    label: t('page.warranty'),
                    value: i.warranty.underWarranty ? <StatusBadge tone="green">{t('page.underWarranty', { date: f.date(i.warranty.warrantyEnd) })}</StatusBadge> : <StatusBadge tone="red">{t('page.outOfWarranty')}</StatusBadge>,
                  },
                  {
                    label: t('page.contract'),
                    value: i.warranty.underContract ? <StatusBadge tone="blue">{t('page.underContract', { code: i.warranty.contractCode ?? '', date: f.date(i.warranty.contractEnd) })}</StatusBadge> : <StatusBadge tone="gray">{t('page.noContract')}</StatusBadge>,
                  },
                  { label: t('page.reason'), value: [reasons.describe(i.reasonCode), reasons.describe(i.specificReasonCode)].filter(Boolean).join(' · ') || '—' },
                  { label: t('page.received'), value: <When value={i.receivedAt} size="sm" exact /> },
                  { label: t('page.registeredBy'), value: i.registeredByName ?? '—' },
                  { label: t('page.firstResponse'), value: i.firstResponseAt ? <When value={i.firstResponseAt} size="sm" exact /> : '—' },
                ]}
              />
            </Card>
          </Stack>
        </Grid.Col>
      </Grid>

      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={t('page.editSupplyTitle')}>
        {editing && (
          <form
            onSubmit={submitRun(
              () =>
                actions.updateSupply.mutateAsync({
                  supplyId: editing.supply.id,
                  quantity: editing.quantity,
                  unitPriceCents: Math.round(Number(editing.price === '' ? 0 : editing.price) * 100),
                  description: editing.description,
                }),
              t('page.saved'),
              () => setEditing(null),
            )}
          >
            <Stack>
              <TextInput label={t('page.supplyDescription')} value={editing.description} onChange={(e) => setEditing({ ...editing, description: e.currentTarget.value })} required />
              <SimpleGrid cols={2}>
                <TextInput label={t('page.supplyQuantity')} value={editing.quantity} onChange={(e) => setEditing({ ...editing, quantity: e.currentTarget.value })} required data-autofocus />
                <NumberInput label={t('page.supplyPrice')} value={editing.price} onChange={(v) => setEditing({ ...editing, price: v })} decimalScale={2} min={0} required />
              </SimpleGrid>
              {actions.updateSupply.error && <Alert color="red">{errorMessage(actions.updateSupply.error)}</Alert>}
              <Button type="submit" loading={actions.updateSupply.isPending} disabled={!editing.description.trim() || !editing.quantity.trim()}>
                {t('page.save')}
              </Button>
            </Stack>
          </form>
        )}
      </Modal>
      <Modal opened={reopenOpen} onClose={() => setReopenOpen(false)} title={t('page.reopen')}>
        <form onSubmit={submitRun(() => actions.reopen.mutateAsync({ reason: reopenReason }), t('page.reopen'), () => setReopenOpen(false))}>
          <Stack>
            <Textarea label={t('page.reopenReason')} value={reopenReason} onChange={(e) => setReopenReason(e.currentTarget.value)} required autoFocus />
            <Button type="submit" disabled={!reopenReason.trim()}>{t('page.reopen')}</Button>
          </Stack>
        </form>
      </Modal>
      <Modal opened={delegateOpen} onClose={() => setDelegateOpen(false)} title={t('page.delegateTitle')}>
        <form onSubmit={submitRun(() => actions.delegate.mutateAsync({ ...ownerBody(delegate.to), note: delegate.note }), t('page.delegated'), () => setDelegateOpen(false))}>
          <Stack>
            <OwnerSelect label={t('page.delegateTo')} value={delegate.to} onChange={(v) => setDelegate({ ...delegate, to: v })} />
            <Textarea label={t('page.delegateNote')} value={delegate.note} onChange={(e) => setDelegate({ ...delegate, note: e.currentTarget.value })} required />
            {actions.delegate.error && <Alert color="red">{errorMessage(actions.delegate.error)}</Alert>}
            <Button type="submit" disabled={!delegate.to || !delegate.note.trim()}>{t('page.delegate')}</Button>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}
