/** Commercial activities: list with filters; new and change in a dialog. */
import { Alert, Button, Modal, Select, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCallFinishedNotice } from '../calls/from-call.tsx';
import { useCustomer } from '../customers/queries.ts';
import { useAuth, useCan } from '../app/auth.tsx';
import { useFormat } from '../app/format.ts';
import { StatusBadge } from '../ui/badges.tsx';
import { notifySuccess } from '../ui/feedback.tsx';
import { FormFooter } from '../ui/form-footer.tsx';
import { Icon } from '../ui/icons.tsx';
import { type Column, EmptyHint, useKeysetList, useUrlFilters } from '../ui/list.tsx';
import { FilterDate, FilterSwitch } from '../ui/list-filters.tsx';
import { ListPage } from '../ui/list-page.tsx';
import { DateText } from '../ui/when.tsx';
import { useApiForm } from '../ui/use-api-form.ts';
import { activitiesKeys, COMMERCIAL_TYPES, type CommercialActivity, commercialApi } from './queries.ts';
import { ContactSelect, CustomerSelect, UserSelect } from './pickers.tsx';

type Values = { customerId: string | null; contactId: string | null; typeCode: string | null; description: string; date: string | null; userId: string | null; nextActionDate: string | null };

function CommercialForm({ existing, onDone, fromCallId, customerId, customerLabel }: { existing?: CommercialActivity; onDone: () => void; fromCallId?: string | null; customerId?: string | null; customerLabel?: string | null }) {
  const { t } = useTranslation('activities');
  const { user } = useAuth();
  const f = useFormat();
  const form = useApiForm<Values, CommercialActivity>({
    initialValues: existing
      ? { customerId: existing.customerId, contactId: existing.contactId, typeCode: existing.typeCode, description: existing.description, date: existing.date, userId: existing.userId, nextActionDate: existing.nextActionDate }
      : { customerId: customerId ?? null, contactId: null, typeCode: fromCallId ? 'phone_call' : 'visit', description: '', date: f.today(), userId: user?.id ?? null, nextActionDate: null },
    submit: (v) => {
      const body = { ...v, customerId: v.customerId ?? undefined, date: v.date ?? undefined, userId: v.userId ?? undefined };
      return existing ? commercialApi.update(existing.id, body) : commercialApi.create({ ...body, fromCallId: fromCallId ?? undefined });
    },
    onSuccess: () => {
      notifySuccess(existing ? t('commercial.saved') : t('commercial.created'));
      onDone();
    },
  });
  return (
    <form {...form.formProps}>
      <Stack gap="sm">
        {fromCallId && !existing && (
          <Alert color="blue" icon={<Icon name="phone" />}>
            {t('form.fromCallNote', { id: fromCallId })}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <CustomerSelect
            label={t('fields.customer')}
            required
            initialLabel={existing ? `${existing.customerCode} · ${existing.customerName}` : customerLabel}
            {...form.select('customerId')}
            onChange={(id) => {
              form.setValue('customerId', id);
              form.setValue('contactId', null);
            }}
          />
          <ContactSelect label={t('fields.contact')} customerId={form.values.customerId} {...form.select('contactId')} />
          <Select label={t('fields.type')} data={COMMERCIAL_TYPES.map((c) => ({ value: c as string, label: t(`commercial.types.${c}`) }))} clearable {...form.select('typeCode')} />
          <UserSelect label={t('fields.user')} {...form.select('userId')} clearable={false} />
          <DateInput label={t('fields.date')} valueFormat="DD/MM/YYYY" {...form.select('date')} />
          <DateInput label={t('fields.nextActionDate')} valueFormat="DD/MM/YYYY" clearable {...form.select('nextActionDate')} />
        </SimpleGrid>
        <Textarea label={t('fields.description')} required autosize minRows={3} {...form.text('description')} />
        <FormFooter form={form} />
      </Stack>
    </form>
  );
}

const DEFAULTS = { customerId: '', typeCode: '', mine: '', due: '', from: '', to: '', fromCallId: '', new: '' };

export function CommercialActivitiesPage() {
  const { t } = useTranslation('activities');
  const canWrite = useCan('support.write');
  const queryClient = useQueryClient();
  const filters = useUrlFilters(DEFAULTS);
  const v = filters.values;
  // Opened from a call (?fromCallId=…&customerId=…) or a customer page (?new=1&customerId=…): the new-activity dialog starts open.
  const fromCallId = v.fromCallId || null;
  const prefilled = Boolean(fromCallId || v.new);
  const [opened, { open, close: closeModal }] = useDisclosure(prefilled);
  const close = () => {
    closeModal();
    if (prefilled) filters.set({ fromCallId: '', new: '' });
  };
  const callFinished = useCallFinishedNotice();
  const [editing, setEditing] = useState<CommercialActivity | undefined>();
  const callCustomer = useCustomer(prefilled ? v.customerId || null : null);
  const openNew = () => {
    setEditing(undefined);
    open();
  };

  const query = { customerId: (!prefilled && v.customerId) || undefined, typeCode: v.typeCode || undefined, userId: v.mine ? 'me' : undefined, nextActionDue: v.due ? 'true' : undefined, from: v.from || undefined, to: v.to || undefined };
  const fetchPage = (cursor: string | undefined, signal?: AbortSignal, limit = 50) => commercialApi.list(query, cursor, signal, limit);
  const list = useKeysetList(activitiesKeys.commercialList(query), (cursor, signal) => fetchPage(cursor, signal));
  const today = useFormat().today();

  const columns: Column<CommercialActivity>[] = [
    { key: 'date', header: t('fields.date'), render: (c) => <DateText value={c.date} size="sm" />, width: 100 },
    { key: 'customer', header: t('fields.customer'), render: (c) => <Text size="sm" lineClamp={2}>{c.customerName}</Text> },
    { key: 'contact', header: t('fields.contact'), render: (c) => c.contactName ?? '—', wide: true },
    { key: 'type', header: t('fields.type'), render: (c) => (c.typeCode ? <StatusBadge tone="violet" miw="max-content">{t(`commercial.types.${c.typeCode}`)}</StatusBadge> : '—') },
    { key: 'description', header: t('fields.description'), render: (c) => <Text size="sm" lineClamp={2} title={c.description}>{c.description}</Text> },
    { key: 'user', header: t('fields.user'), render: (c) => c.userName, wide: true },
    {
      key: 'next',
      header: t('fields.nextActionDate'),
      render: (c) => (c.nextActionDate ? <StatusBadge tone={c.nextActionDate <= today ? 'orange' : 'gray'} miw="max-content">{<DateText value={c.nextActionDate} />}</StatusBadge> : '—'),
    },
    {
      key: 'edit',
      header: '',
      render: (c) =>
        canWrite && (
          <Button
            size="compact-xs"
            variant="subtle"
            aria-label={t('commercial.edit', { id: c.id })}
            onClick={() => {
              setEditing(c);
              open();
            }}
          >
            <Icon name="edit" size={14} />
          </Button>
        ),
      width: 40,
    },
  ];

  return (
    <ListPage
      title={t('commercial.title')}
      csv={{
        filename: 'actividades-comerciales.csv',
        fetchPage: (cursor) => fetchPage(cursor, undefined, 200),
        columns: [
          { header: t('fields.date'), value: (c) => c.date },
          { header: t('fields.customer'), value: (c) => c.customerName },
          { header: t('fields.contact'), value: (c) => c.contactName },
          { header: t('fields.type'), value: (c) => (c.typeCode ? t(`commercial.types.${c.typeCode}`) : '') },
          { header: t('fields.description'), value: (c) => c.description },
          { header: t('fields.user'), value: (c) => c.userName },
          { header: t('fields.nextActionDate'), value: (c) => c.nextActionDate },
        ],
      }}
      create={{ label: t('commercial.new'), onClick: openNew, allowed: canWrite }}
      filterState={filters}
      filters={
        <>
          <CustomerSelect size="xs" label={t('fields.customer')} value={v.customerId || null} onChange={(id) => filters.set({ customerId: id ?? '' })} w={240} />
          <Select size="xs" label={t('fields.type')} clearable value={v.typeCode || null} onChange={(c) => filters.set({ typeCode: c ?? '' })} data={COMMERCIAL_TYPES.map((c) => ({ value: c, label: t(`commercial.types.${c}`) }))} w={170} />
          <FilterDate filters={filters} name="from" label={t('fields.from')} />
          <FilterDate filters={filters} name="to" label={t('fields.to')} />
        </>
      }
      belowFilters={
        <>
          <FilterSwitch filters={filters} name="mine" label={t('list.mine')} />
          <FilterSwitch filters={filters} name="due" label={t('commercial.dueOnly')} color="orange" />
        </>
      }
      list={list}
      columns={columns}
      empty={<EmptyHint title={t('commercial.empty')} action={canWrite && <Button size="xs" variant="light" onClick={openNew}>{t('commercial.new')}</Button>} />}
    >
      <Modal opened={opened} onClose={close} title={editing ? t('commercial.edit', { id: editing.id }) : t('commercial.new')} size="lg">
        <CommercialForm
          key={editing?.id ?? `new-${callCustomer.data ? 'c' : ''}`}
          existing={editing}
          fromCallId={editing ? null : fromCallId}
          customerId={prefilled ? v.customerId || null : null}
          customerLabel={callCustomer.data ? `${callCustomer.data.code} · ${callCustomer.data.name}` : null}
          onDone={() => {
            if (!editing) callFinished(fromCallId);
            close();
            void queryClient.invalidateQueries({ queryKey: activitiesKeys.commercial });
          }}
        />
      </Modal>
    </ListPage>
  );
}
