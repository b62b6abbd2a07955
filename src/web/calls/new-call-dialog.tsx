/**
 * The quick "new call" form an agent fills with the headset on: as they type the phone, tax id or
 * serial number it looks the caller up (GET /calls/identify, the same resolution the server applies
 * on save) and shows who it is; "to", type and status come pre-filled from preferences and
 * configuration. Enter in a single-line field saves once there is a description (else it moves to
 * the description); Ctrl+Enter saves from anywhere.
 */
import { Alert, Anchor, Button, Checkbox, Group, Loader, Modal, Paper, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { type KeyboardEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useAuth } from '../app/auth.tsx';
import { useFormat } from '../app/format.ts';
import { Icon } from '../ui/icons.tsx';
import { useApiForm } from '../ui/use-api-form.ts';
import { type CallDetail, type CallerInfo, callsApi, destinationBody, destinationValue, useIdentifyCaller, useInvalidateCalls, usePreferences } from './queries.ts';
import { CatalogSelect, useCatalog } from '../ui/catalogs.tsx';
import { useCustomer, useCustomerContacts, useCustomerSearch } from '../customers/queries.ts';
import { CallerContextPanel } from './caller-context.tsx';
import { catalogOptions, DestinationSelect } from './parts.tsx';
import { notifications } from '@mantine/notifications';

type Values = {
  phone: string;
  taxId: string;
  serialNumber: string;
  customerId: string | null;
  contactId: string | null;
  to: string | null;
  typeCode: string | null;
  statusCode: string | null;
  /** null: the server takes the contract's priority, else the default */
  priorityCode: string | null;
  description: string;
};

/** What a "Nueva llamada" opened from a customer or a unit page fills in (`/calls/new?customerId=…&serialNumber=…`). */
export type NewCallPrefill = { customerId?: string | null; serialNumber?: string | null };

export function NewCallDialog({ opened, onClose, prefill }: { opened: boolean; onClose: () => void; prefill?: NewCallPrefill }) {
  const { t } = useTranslation('calls');
  const statuses = useCatalog('call-statuses');
  const types = useCatalog('call-types');
  const prefs = usePreferences();
  const { user } = useAuth();
  // The customer's name for the prefilled picker.
  const prefilledCustomer = useCustomer(prefill?.customerId);
  const ready = statuses.data && types.data && prefs.data && (!prefill?.customerId || !prefilledCustomer.isPending);
  return (
    <Modal opened={opened} onClose={onClose} title={t('new.title')} size="lg" closeOnClickOutside={false}>
      {ready ? (
        <NewCallForm
          onDone={onClose}
          prefilledCustomer={prefilledCustomer.data ? { value: prefilledCustomer.data.id, label: `${prefilledCustomer.data.name} (${prefilledCustomer.data.code})` } : null}
          initial={{
            phone: '',
            taxId: '',
            serialNumber: prefill?.serialNumber ?? '',
            customerId: prefilledCustomer.data?.id ?? null,
            contactId: null,
            // With no preference yet (a fresh install), the call is for whoever takes it.
            to:
              destinationValue({ toUserId: prefs.data!.defaultToUserId, toGroupId: prefs.data!.defaultToGroupId }) ??
              destinationValue({ toUserId: user?.id ?? null }),
            typeCode:
              (prefs.data!.defaultCallTypeCode && types.data!.find((e) => e.code === prefs.data!.defaultCallTypeCode && e.active)?.code) ||
              types.data!.find((e) => e.isDefault && e.active)?.code ||
              null,
            statusCode: statuses.data!.find((e) => e.defaultPending && e.active)?.code ?? null,
            priorityCode: null,
            description: '',
          }}
        />
      ) : (
        <Group justify="center" py="xl">
          <Loader size="sm" />
        </Group>
      )}
    </Modal>
  );
}

function NewCallForm({ initial, onDone, prefilledCustomer = null }: { initial: Values; onDone: () => void; prefilledCustomer?: { value: string; label: string } | null }) {
  const { t, i18n } = useTranslation('calls');
  const f = useFormat();
  const invalidateCalls = useInvalidateCalls();
  const navigate = useNavigate();
  const statuses = useCatalog('call-statuses');
  const types = useCatalog('call-types');
  const [another, setAnother] = useState(false);
  const [customerSearch, setCustomerSearch] = useState('');
  const [customerQ] = useDebouncedValue(customerSearch.trim(), 200);

  const form = useApiForm<Values, CallDetail>({
    initialValues: initial,
    fieldAliases: { from: 'phone', toUserId: 'to', toGroupId: 'to' },
    submit: (v) =>
      callsApi.create({
        phone: v.phone.trim() || null,
        taxId: v.taxId.trim() || null,
        serialNumber: v.serialNumber.trim() || null,
        customerId: v.customerId,
        contactId: v.contactId,
        ...destinationBody(v.to),
        typeCode: v.typeCode,
        statusCode: v.statusCode,
        priorityCode: v.priorityCode,
        description: v.description,
      }),
    onSuccess: (call, v) => {
      invalidateCalls();
      notifications.show({
        color: 'green',
        icon: <Icon name="check" />,
        message: (
          <Group gap="xs">
            <Text size="sm">{t('new.saved')}</Text>
            {/* Notifications render outside the router: navigate through the captured function. */}
            <Anchor component="button" type="button" size="sm" onClick={() => navigate(`/calls/${call.id}`)}>
              {t('new.open')}
            </Anchor>
          </Group>
        ),
      });
      if (another) form.reset({ ...initial, to: v.to, typeCode: v.typeCode, statusCode: v.statusCode, priorityCode: null });
      else onDone();
    },
  });
  const v = form.values;

  const [who] = useDebouncedValue({ phone: v.phone.trim(), taxId: v.taxId.trim(), serialNumber: v.serialNumber.trim() }, 300);
  const lookingUp = Boolean(who.phone.length >= 6 || who.taxId.length >= 8 || who.serialNumber.length >= 3);
  const identified = useIdentifyCaller(who, lookingUp);
  const match = lookingUp ? identified.data : undefined;

  const customers = useCustomerSearch(customerQ, { minLength: 2 });
  const [chosenCustomer, setChosenCustomer] = useState<{ value: string; label: string } | null>(prefilledCustomer);
  const customerOptions = [...(chosenCustomer ? [chosenCustomer] : []), ...(customers.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name} (${c.code})` }))].filter(
    (o, i, all) => all.findIndex((x) => x.value === o.value) === i,
  );

  const contactCustomer = v.customerId ?? match?.customer?.id ?? null;
  const contacts = useCustomerContacts(contactCustomer);

  // Enter in a single-line field does not save a call without a description (it moves there);
  // Ctrl+Enter (⌘+Enter) saves from anywhere in the form, as it does for notes.
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
    const target = e.target as HTMLElement;
    if (e.ctrlKey || e.metaKey) {
      e.preventDefault();
      e.currentTarget.requestSubmit();
      return;
    }
    if (target instanceof HTMLInputElement && target.type !== 'checkbox' && !v.description.trim()) {
      // Leave Enter to an open picker (it chooses the option).
      if (target.getAttribute('aria-expanded') === 'true') return;
      e.preventDefault();
      e.currentTarget.querySelector<HTMLTextAreaElement>('textarea[name="description"]')?.focus();
    }
  };

  return (
    <form {...form.formProps} onKeyDown={onKeyDown}>
      <Stack gap="sm">
        <Paper withBorder p="sm" radius="md">
          <Text fw={600} size="sm" mb={4}>
            {t('new.from')}
          </Text>
          <Text size="xs" c="dimmed" mb="xs">
            {t('new.fromHint')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <TextInput label={t('new.phone')} leftSection={<Icon name="phone" size={16} />} autoFocus autoComplete="off" inputMode="tel" {...form.text('phone')} />
            <TextInput label={t('new.taxId')} autoComplete="off" {...form.text('taxId')} />
            <TextInput label={t('new.serialNumber')} autoComplete="off" {...form.text('serialNumber')} />
          </SimpleGrid>
          {lookingUp && <CallerCard loading={identified.isFetching && !match} info={match} formatDate={f.date} />}
          {contactCustomer && <CallerContextPanel customerId={contactCustomer} />}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" mt="xs">
            <Select
              label={t('new.customer')}
              placeholder={match?.customer && !v.customerId ? match.customer.name : t('new.customerPlaceholder')}
              searchable
              clearable
              data={customerOptions}
              searchValue={customerSearch}
              onSearchChange={setCustomerSearch}
              filter={({ options }) => options}
              nothingFoundMessage={customerQ.length >= 2 && !customers.isFetching ? '—' : undefined}
              {...form.select('customerId')}
              onChange={(value, option) => {
                form.setValue('customerId', value);
                form.setValue('contactId', null);
                setChosenCustomer(value && option ? { value, label: option.label } : null);
              }}
            />
            <Select
              label={t('new.contact')}
              placeholder={match?.contact && !v.contactId ? match.contact.name : undefined}
              data={(contacts.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
              disabled={!contactCustomer}
              clearable
              searchable
              {...form.select('contactId')}
            />
          </SimpleGrid>
        </Paper>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <DestinationSelect label={t('new.to')} withAsterisk {...form.select('to')} />
          <Select label={t('new.type')} data={catalogOptions(types.data, i18n.language)} clearable searchable {...form.select('typeCode')} />
          <Select label={t('new.status')} data={catalogOptions(statuses.data, i18n.language)} searchable withAsterisk {...form.select('statusCode')} />
          <CatalogSelect catalog="priorities" label={t('new.priority')} placeholder={t('new.priorityAuto')} {...form.select('priorityCode')} />
        </SimpleGrid>
        {(form.errors.to || form.errors.statusCode) && (
          // The setting that would have filled the field: the user's preferences, the call statuses.
          <Group gap="md">
            {form.errors.to && (
              <Anchor component={Link} to="/preferences" size="sm" data-testid="fix-preferences">
                {t('common:errors.fix.preferences')}
              </Anchor>
            )}
            {form.errors.statusCode && (
              <Anchor component={Link} to="/settings/catalogs/call-statuses" size="sm">
                {t('common:errors.fix.callStatuses')}
              </Anchor>
            )}
          </Group>
        )}
        <Textarea label={t('new.description')} placeholder={t('new.descriptionPlaceholder')} autosize minRows={4} maxRows={14} {...form.text('description')} />
        {form.formError && (
          <Alert color="red" icon={<Icon name="alert" />}>
            {form.formError}
          </Alert>
        )}
        <Group justify="space-between">
          <Checkbox label={t('new.another')} checked={another} onChange={(e) => setAnother(e.currentTarget.checked)} />
          <Button type="submit" loading={form.submitting} leftSection={<Icon name="check" size={16} />}>
            {t('new.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function CallerCard({ info, loading, formatDate }: { info?: CallerInfo; loading: boolean; formatDate: (d: string) => string }) {
  const { t } = useTranslation('calls');
  if (loading) {
    return (
      <Group gap="xs" mt="xs" c="dimmed">
        <Loader size="xs" />
        <Text size="sm">{t('new.identifying')}</Text>
      </Group>
    );
  }
  if (!info) return null;
  if (!info.customer) {
    return (
      <Text size="sm" c="dimmed" mt="xs" data-testid="caller-unknown">
        {t('new.unknown')}
      </Text>
    );
  }
  const details = [
    info.contact ? t('new.contactLabel', { name: info.contact.name }) : null,
    info.unit
      ? `${t('new.unitLabel', { serial: info.unit.serialNumber })}${info.unit.itemDescription ? ` (${info.unit.itemDescription})` : ''}, ${
          info.unit.warranty.underWarranty && info.unit.warrantyEnd ? t('new.warrantyUntil', { date: formatDate(info.unit.warrantyEnd) }) : t('new.outOfWarranty')
        }`
      : null,
  ].filter(Boolean);
  return (
    <Alert color="blue" variant="light" mt="xs" icon={<Icon name="user" />} data-testid="caller-identified" title={t('new.identified', { name: `${info.customer.name} (${info.customer.code})` })}>
      {details.length > 0 && <Text size="sm">{details.join(' · ')}</Text>}
      {info.pendingCalls > 0 && (
        <Text size="sm" c="orange.8" fw={500}>
          {t('new.pendingCalls', { count: info.pendingCalls })}
        </Text>
      )}
    </Alert>
  );
}
