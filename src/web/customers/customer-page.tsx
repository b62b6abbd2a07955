/**
 * One look at a customer: contact data, contacts, units with their warranty, contracts and the
 * timeline of everything, newest first.
 */
import { ActionIcon, Anchor, Badge, Button, Grid, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useNewAction } from '../app/shortcuts.tsx';
import { useCan } from '../app/auth.tsx';
import { useWebModules } from '../app/modules-context.tsx';
import { ActiveBadge, StatusBadge } from '../ui/badges.tsx';
import { useCatalog } from '../ui/catalogs.tsx';
import { Feed } from '../ui/feed.tsx';
import { LoadError, notifySuccess, PageLoader } from '../ui/feedback.tsx';
import { FormModal } from '../ui/form-dialog.tsx';
import { Icon } from '../ui/icons.tsx';
import { AddButton, Fields, PageHeader, QueryRows, Section } from '../ui/page.tsx';
import { DateText, When } from '../ui/when.tsx';
import { type Contact, customersKeys, useCustomer, useCustomerContacts, useCustomerContracts, useCustomerUnits, useRefreshCustomers } from './queries.ts';
import { ContractBadge, InForceBadge, WarrantyBadge } from './badges.tsx';
import { QuickTimeButton } from '../projects/quick-time-dialog.tsx';
import { FromCallBanner, useFromCall } from '../calls/from-call.tsx';
import { ContactForm, ContractForm, UnitForm } from './forms.tsx';

type Dialog = { kind: 'contact'; contact?: Contact } | { kind: 'unit' } | { kind: 'contract' } | null;

function PhoneLinks({ phones }: { phones: string[] }) {
  if (!phones.length) return <>—</>;
  return (
    <Group gap="xs">
      {phones.map((p) => (
        <Anchor key={p} href={`tel:${p.replace(/\s+/g, '')}`} size="sm">
          {p}
        </Anchor>
      ))}
    </Group>
  );
}

function MailLinks({ emails }: { emails: string[] }) {
  if (!emails.length) return <>—</>;
  return (
    <Group gap="xs">
      {emails.map((m) => (
        <Anchor key={m} href={`mailto:${m}`} size="sm">
          {m}
        </Anchor>
      ))}
    </Group>
  );
}

export function CustomerPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('customers');
  const [params] = useSearchParams();
  const highlightContact = params.get('contact');
  const refreshCustomers = useRefreshCustomers();
  const canWrite = useCan('masterdata.write');
  const canAct = useCan('support.write');
  // Other areas' sections (incidents, tasks…), declared in their WebModule.
  const sections = useWebModules()
    .flatMap((m) => m.customerSections ?? [])
    .sort((a, b) => (a.order ?? 100) - (b.order ?? 100));
  // Opened from a call: every action created here finishes it (while it is pending).
  const fromCall = useFromCall();
  const callQuery = fromCall.callId ? `&fromCallId=${fromCall.callId}` : '';
  const [dialog, setDialog] = useState<Dialog>(null);
  const regions = useCatalog('regions');
  const navigate = useNavigate();
  // On a customer's page `n` takes a call from them (unless a call is already being handled here).
  useNewAction(() => navigate(`/calls/new?customerId=${id}`, { state: { back: true } }), canAct && !fromCall.callId, t('customer.actions.newCall'));

  const customer = useCustomer(id);
  const contacts = useCustomerContacts(id);
  const units = useCustomerUnits(id);
  const contracts = useCustomerContracts(id);

  if (customer.isPending) return <PageLoader />;
  if (customer.isError) return <LoadError error={customer.error} onRetry={() => void customer.refetch()} />;
  const c = customer.data;
  const address = c.address ? [c.address.street, [c.address.postalCode, c.address.city].filter(Boolean).join(' '), c.address.province, c.address.country].filter(Boolean).join(', ') : '';

  // A dialog's form saved: close it, refetch the area (the change may show in its lists and its timeline), say so.
  const saved = async (message: string) => {
    setDialog(null);
    await refreshCustomers();
    notifySuccess(message);
  };

  return (
    <Stack gap="md">
      <PageHeader
        title={c.name}
        subtitle={[c.code, c.taxId].filter(Boolean).join(' · ')}
        back={{ to: '/customers', label: t('customer.back') }}
        badges={!c.active ? <StatusBadge tone="gray">{t('customer.inactive')}</StatusBadge> : undefined}
        actions={
          <>
            {canAct && !fromCall.callId && (
              <Button component={Link} to={`/calls/new?customerId=${c.id}`} state={{ back: true }} variant="light" leftSection={<Icon name="phone" size={16} />} data-testid="customer-new-call">
                {t('customer.actions.newCall')}
              </Button>
            )}
            <QuickTimeButton customer={c} fromCallId={fromCall.callId} />
            {canAct && (
              <Button component={Link} to={`/activities/new?customerId=${c.id}${callQuery}`} variant="light" leftSection={<Icon name="tool" size={16} />}>
                {t('customer.actions.newActivity')}
              </Button>
            )}
            {canAct && (
              <Button component={Link} to={`/commercial-activities?customerId=${c.id}&new=1${callQuery}`} variant="light" leftSection={<Icon name="briefcase" size={16} />}>
                {t('customer.actions.newCommercial')}
              </Button>
            )}
            {canWrite && (
              <Button component={Link} to={`/customers/${c.id}/edit`} variant="default" leftSection={<Icon name="edit" size={16} />}>
                {t('actions.edit')}
              </Button>
            )}
          </>
        }
      />
      <FromCallBanner fromCall={fromCall} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="md">
            <Section title={t('customer.sections.data')} id="customer-data">
              <Fields
                items={[
                  { label: t('customer.fields.phones'), value: <PhoneLinks phones={c.phones} /> },
                  { label: t('customer.fields.emails'), value: <MailLinks emails={c.emails} /> },
                  { label: t('customer.fields.address'), value: address },
                  { label: t('customer.fields.region'), value: c.regionCode ? regions.describe(c.regionCode) : '' },
                  { label: t('customer.fields.language'), value: t(`languages.${c.language}`) },
                  { label: t('customer.fields.createdAt'), value: <When value={c.createdAt} exact size="sm" /> },
                ]}
              />
              {c.notes && (
                <Text size="sm" mt="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {c.notes}
                </Text>
              )}
            </Section>

            <Section
              title={t('customer.sections.contacts')}
              id="customer-contacts"
              actions={canWrite && <AddButton label={t('contact.new')} onClick={() => setDialog({ kind: 'contact' })} />}
            >
              <QueryRows query={contacts} empty={t('contact.empty')}>
                {(rows) => (
                  <Stack gap="xs">
                    {rows.map((ct) => (
                      <Group
                        key={ct.id}
                        justify="space-between"
                        wrap="nowrap"
                        align="flex-start"
                        p={6}
                        style={{ borderRadius: 6, background: highlightContact === ct.id ? 'var(--mantine-color-yellow-0)' : undefined, opacity: ct.active ? 1 : 0.6 }}
                      >
                        <div>
                          <Group gap={6}>
                            <Text size="sm" fw={500}>
                              {ct.name}
                            </Text>
                            {ct.position && (
                              <Text size="xs" c="dimmed">
                                {ct.position}
                              </Text>
                            )}
                            {!ct.active && <ActiveBadge active={false} />}
                          </Group>
                          {(ct.phones.length > 0 || ct.emails.length > 0) && (
                            <Group gap="md">
                              {ct.phones.length > 0 && <PhoneLinks phones={ct.phones} />}
                              {ct.emails.length > 0 && <MailLinks emails={ct.emails} />}
                            </Group>
                          )}
                        </div>
                        {canWrite && (
                          <Tooltip label={t('contact.edit', { name: ct.name })}>
                            <ActionIcon variant="subtle" aria-label={t('contact.edit', { name: ct.name })} onClick={() => setDialog({ kind: 'contact', contact: ct })}>
                              <Icon name="edit" size={16} />
                            </ActionIcon>
                          </Tooltip>
                        )}
                      </Group>
                    ))}
                  </Stack>
                )}
              </QueryRows>
            </Section>
            {sections.map(({ id: sectionId, component: AreaSection }) => (
              <Suspense key={sectionId} fallback={null}>
                <AreaSection customer={c} fromCallId={fromCall.callId} />
              </Suspense>
            ))}
          </Stack>
        </Grid.Col>

        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            <Section
              title={
                <Group gap={6}>
                  {t('customer.sections.units')}
                  {units.data && <Badge variant="light" color="gray" size="sm">{units.data.length}</Badge>}
                </Group>
              }
              id="customer-units"
              actions={canWrite && <AddButton label={t('unit.new')} onClick={() => setDialog({ kind: 'unit' })} />}
            >
              <QueryRows query={units} empty={t('unit.emptyCustomer')}>
                {(rows) => (
                  <Table.ScrollContainer minWidth={520}>
                    <Table fz="sm" verticalSpacing={4} highlightOnHover aria-label={t('customer.sections.units')}>
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>{t('unit.fields.serialNumber')}</Table.Th>
                          <Table.Th>{t('unit.fields.item')}</Table.Th>
                          <Table.Th>{t('unit.fields.saleDate')}</Table.Th>
                          <Table.Th>{t('unit.fields.warranty')}</Table.Th>
                          <Table.Th>{t('unit.fields.contract')}</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {rows.map((u) => (
                          <Table.Tr key={u.id} style={{ opacity: u.active ? 1 : 0.6 }}>
                            <Table.Td>
                              <Anchor component={Link} to={`/units/${u.id}`} ff="monospace" size="sm">
                                {u.serialNumber}
                              </Anchor>
                            </Table.Td>
                            <Table.Td>{u.itemDescription}</Table.Td>
                            <Table.Td>
                              <DateText value={u.saleDate} size="sm" />
                            </Table.Td>
                            <Table.Td>
                              <WarrantyBadge warranty={u.warranty} />
                            </Table.Td>
                            <Table.Td>
                              <ContractBadge contract={u.contract} />
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Table.ScrollContainer>
                )}
              </QueryRows>
            </Section>

            <Section
              title={t('customer.sections.contracts')}
              id="customer-contracts"
              actions={canWrite && <AddButton label={t('contract.new')} onClick={() => setDialog({ kind: 'contract' })} />}
            >
              <QueryRows query={contracts} empty={t('contract.emptyCustomer')}>
                {(rows) => (
                  <Table fz="sm" verticalSpacing={4} aria-label={t('customer.sections.contracts')}>
                    <Table.Tbody>
                      {rows.map((ct) => (
                        <Table.Tr key={ct.id}>
                          <Table.Td>
                            <Anchor component={Link} to={`/contracts/${ct.id}`} size="sm" fw={500}>
                              {ct.code}
                            </Anchor>
                          </Table.Td>
                          <Table.Td>{ct.description}</Table.Td>
                          <Table.Td>
                            <DateText value={ct.startDate} size="sm" /> – <DateText value={ct.endDate} size="sm" />
                          </Table.Td>
                          <Table.Td>
                            <InForceBadge inForce={ct.inForce} />
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                )}
              </QueryRows>
            </Section>

            <Section title={t('customer.sections.timeline')} id="customer-timeline">
              <Feed path={`/customers/${id}/timeline`} queryKey={customersKeys.timeline(id)} empty={t('timeline.empty')} typeLabel={(type) => t(`timeline.types.${type}`, { defaultValue: type })} customerId={id} />
            </Section>
          </Stack>
        </Grid.Col>
      </Grid>

      <FormModal opened={dialog?.kind === 'contact'} onClose={() => setDialog(null)} title={dialog?.kind === 'contact' && dialog.contact ? t('contact.edit', { name: dialog.contact.name }) : t('contact.new')}>
        <ContactForm
          customerId={id}
          contact={dialog?.kind === 'contact' ? dialog.contact : undefined}
          onCancel={() => setDialog(null)}
          onSaved={(ct, isNew) => saved(isNew ? t('contact.created', { name: ct.name }) : t('contact.saved'))}
        />
      </FormModal>
      <FormModal opened={dialog?.kind === 'unit'} onClose={() => setDialog(null)} title={t('unit.new')}>
        <UnitForm
          customer={{ id: c.id, name: c.name }}
          onCancel={() => setDialog(null)}
          onSaved={(u) => saved(t('unit.created', { serial: u.serialNumber }))}
        />
      </FormModal>
      <FormModal opened={dialog?.kind === 'contract'} onClose={() => setDialog(null)} title={t('contract.new')}>
        <ContractForm
          customer={{ id: c.id, name: c.name }}
          onCancel={() => setDialog(null)}
          onSaved={(ct) => saved(t('contract.created', { code: ct.code }))}
        />
      </FormModal>
    </Stack>
  );
}
