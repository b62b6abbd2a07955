/** Dialog forms of the master data: contact, unit, contract, item. */
import { Group, NumberInput, Select, SimpleGrid, Stack, Switch, TagsInput, Textarea, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../app/format.ts';
import { CatalogSelect } from '../ui/catalogs.tsx';
import { FormFooter } from '../ui/form-footer.tsx';
import { type ApiForm, useApiForm } from '../ui/use-api-form.ts';
import { type Contact, type Contract, customersApi, type Item, ITEM_KINDS, type Unit, useCustomerContracts } from './queries.ts';
import { CustomerPicker, ItemPicker } from './pickers.tsx';


/** The end of a master-data form: its long text, "active" when editing, then the form's error and buttons. */
function FormEnd({ form, isNew, onCancel, label, text }: { form: Pick<ApiForm, 'text' | 'checkbox' | 'formError' | 'submitting'>; isNew: boolean; onCancel: () => void; label: (field: string) => string; text?: 'notes' | 'description' }) {
  return (
    <>
      {text && <Textarea label={label(text)} {...form.text(text)} autosize minRows={2} />}
      {!isNew && <Switch label={label('active')} {...form.checkbox('active')} />}
      <FormFooter form={form} isNew={isNew} onCancel={onCancel} />
    </>
  );
}
const dateProps = (language: string) => ({ valueFormat: 'DD/MM/YYYY', locale: language === 'en' ? 'en-gb' : 'es', clearable: true, placeholder: 'dd/mm/aaaa' });

export function ContactForm({ customerId, contact, onSaved, onCancel }: { customerId: string; contact?: Contact; onSaved: (c: Contact, isNew: boolean) => void; onCancel: () => void }) {
  const { t } = useTranslation('customers');
  const isNew = !contact;
  const form = useApiForm({
    initialValues: { name: contact?.name ?? '', position: contact?.position ?? '', phones: contact?.phones ?? [], emails: contact?.emails ?? [], notes: contact?.notes ?? '', active: contact?.active ?? true },
    submit: (v) => {
      const body = { name: v.name, position: v.position.trim() || null, phones: v.phones, emails: v.emails, notes: v.notes.trim() || null };
      return isNew ? customersApi.createContact(customerId, body) : customersApi.updateContact(contact.id, { ...body, active: v.active });
    },
    onSuccess: (c) => onSaved(c, isNew),
  });
  const f = (k: string) => t(`contact.fields.${k}`);
  return (
    <form {...form.formProps}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={f('name')} {...form.text('name')} withAsterisk data-autofocus />
          <TextInput label={f('position')} {...form.text('position')} />
          <TagsInput label={f('phones')} description={t('customer.fields.phonesHint')} {...form.select('phones')} splitChars={[',', ';']} />
          <TagsInput label={f('emails')} description={t('customer.fields.emailsHint')} {...form.select('emails')} splitChars={[',', ';', ' ']} />
        </SimpleGrid>
        <FormEnd form={form} isNew={isNew} onCancel={onCancel} label={f} text="notes" />
      </Stack>
    </form>
  );
}

export function UnitForm({ unit, customer, onSaved, onCancel }: { unit?: Unit; customer?: { id: string; name: string }; onSaved: (u: Unit, isNew: boolean) => void; onCancel: () => void }) {
  const { t } = useTranslation('customers');
  const fmt = useFormat();
  const isNew = !unit;
  const form = useApiForm({
    initialValues: {
      serialNumber: unit?.serialNumber ?? '',
      itemId: unit?.itemId ?? null,
      customerId: unit?.customerId ?? customer?.id ?? null,
      saleDate: unit?.saleDate ?? fmt.today(),
      warrantyEnd: unit?.warrantyEnd ?? null,
      contractId: unit?.contractId ?? null,
      regionCode: unit?.regionCode ?? null,
      notes: unit?.notes ?? '',
      active: unit?.active ?? true,
    } as Record<string, unknown> & { customerId: string | null; contractId: string | null },
    submit: (v) => {
      const body: Record<string, unknown> = {
        serialNumber: v.serialNumber,
        itemId: v.itemId,
        customerId: v.customerId,
        saleDate: v.saleDate,
        contractId: v.contractId || null,
        regionCode: v.regionCode || null,
        notes: (v.notes as string).trim() || null,
      };
      // Empty warranty end on a new unit: the server computes it from the item.
      if (v.warrantyEnd || !isNew) body.warrantyEnd = v.warrantyEnd || (isNew ? undefined : null);
      if (!isNew) body.active = v.active;
      return isNew ? customersApi.createUnit(body) : customersApi.updateUnit(unit.id, body);
    },
    onSuccess: (u) => onSaved(u, isNew),
  });
  const contracts = useCustomerContracts(form.values.customerId);
  const f = (k: string) => t(`unit.fields.${k}`);
  const dp = dateProps(fmt.language);
  return (
    <form {...form.formProps}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={f('serialNumber')} {...form.text('serialNumber')} withAsterisk data-autofocus ff="monospace" />
          <ItemPicker label={f('item')} {...form.select('itemId')} serialized initialLabel={unit ? `${unit.itemCode} · ${unit.itemDescription}` : null} withAsterisk />
          <CustomerPicker
            label={f('customer')}
            {...form.select('customerId')}
            onChange={(v) => {
              form.setValue('customerId', v);
              form.setValue('contractId', null);
            }}
            initialLabel={unit?.customerName ?? customer?.name ?? null}
            disabled={!!customer && isNew}
            withAsterisk
          />
          <DateInput label={f('saleDate')} {...form.select('saleDate')} {...dp} clearable={false} withAsterisk />
          <DateInput label={f('warrantyEnd')} description={isNew ? f('warrantyEndHint') : undefined} {...form.select('warrantyEnd')} {...dp} />
          <Select
            label={f('contract')}
            {...form.select('contractId')}
            clearable
            disabled={!form.values.customerId}
            data={(contracts.data ?? []).filter((c) => c.active || c.id === form.values.contractId).map((c) => ({ value: c.id, label: `${c.code}${c.description ? ` · ${c.description}` : ''} (${fmt.date(c.startDate)} – ${fmt.date(c.endDate)})` }))}
          />
          <CatalogSelect catalog="regions" label={f('region')} {...form.select('regionCode')} />
        </SimpleGrid>
        <FormEnd form={form} isNew={isNew} onCancel={onCancel} label={f} text="notes" />
      </Stack>
    </form>
  );
}

export function ContractForm({ contract, customer, onSaved, onCancel }: { contract?: Contract; customer?: { id: string; name: string }; onSaved: (c: Contract, isNew: boolean) => void; onCancel: () => void }) {
  const { t } = useTranslation('customers');
  const fmt = useFormat();
  const isNew = !contract;
  const form = useApiForm({
    initialValues: {
      code: contract?.code ?? '',
      customerId: contract?.customerId ?? customer?.id ?? null,
      description: contract?.description ?? '',
      serviceTypeCode: contract?.serviceTypeCode ?? null,
      priorityCode: contract?.priorityCode ?? null,
      startDate: contract?.startDate ?? fmt.today(),
      endDate: contract?.endDate ?? null,
      active: contract?.active ?? true,
    } as Record<string, unknown>,
    submit: (v) => {
      const body: Record<string, unknown> = {
        customerId: v.customerId,
        description: (v.description as string).trim() || null,
        serviceTypeCode: v.serviceTypeCode || null,
        priorityCode: v.priorityCode || null,
        startDate: v.startDate,
        endDate: v.endDate,
      };
      if (isNew) body.code = v.code;
      else body.active = v.active;
      return isNew ? customersApi.createContract(body) : customersApi.updateContract(contract.id, body);
    },
    onSuccess: (c) => onSaved(c, isNew),
  });
  const f = (k: string) => t(`contract.fields.${k}`);
  const dp = dateProps(fmt.language);
  return (
    <form {...form.formProps}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={f('code')} {...form.text('code')} disabled={!isNew} withAsterisk data-autofocus />
          <CustomerPicker label={f('customer')} {...form.select('customerId')} initialLabel={contract?.customerName ?? customer?.name ?? null} disabled={!!customer && isNew} withAsterisk />
          <DateInput label={f('startDate')} {...form.select('startDate')} {...dp} clearable={false} withAsterisk />
          <DateInput label={f('endDate')} {...form.select('endDate')} {...dp} withAsterisk />
          <CatalogSelect catalog="service-types" label={f('serviceType')} {...form.select('serviceTypeCode')} />
          <CatalogSelect catalog="priorities" label={f('priority')} {...form.select('priorityCode')} />
        </SimpleGrid>
        <FormEnd form={form} isNew={isNew} onCancel={onCancel} label={f} text="description" />
      </Stack>
    </form>
  );
}

export function ItemForm({ item, onSaved, onCancel }: { item?: Item; onSaved: (i: Item, isNew: boolean) => void; onCancel: () => void }) {
  const { t, i18n } = useTranslation('customers');
  const isNew = !item;
  const form = useApiForm({
    initialValues: {
      code: item?.code ?? '',
      description: item?.description ?? '',
      kind: item?.kind ?? 'product',
      price: item ? item.unitPriceCents / 100 : '',
      vatRate: item ? item.vatRate / 100 : 21,
      warrantyMonths: item?.warrantyMonths ?? 24,
      serialized: item?.serialized ?? true,
      unitTypeCode: item?.unitTypeCode ?? null,
      active: item?.active ?? true,
    } as Record<string, unknown>,
    fieldAliases: { unitPriceCents: 'price' },
    submit: (v) => {
      const body: Record<string, unknown> = {
        description: v.description,
        kind: v.kind,
        unitPriceCents: v.price === '' ? 0 : Math.round(Number(v.price) * 100),
        vatRate: Math.round(Number(v.vatRate) * 100),
        warrantyMonths: v.warrantyMonths === '' ? 0 : Number(v.warrantyMonths),
        serialized: v.serialized,
        unitTypeCode: v.unitTypeCode || null,
      };
      if (isNew) body.code = v.code;
      else body.active = v.active;
      return isNew ? customersApi.createItem(body) : customersApi.updateItem(item.id, body);
    },
    onSuccess: (i) => onSaved(i, isNew),
  });
  const f = (k: string) => t(`item.fields.${k}`);
  const decimal = i18n.language === 'es' ? ',' : '.';
  return (
    <form {...form.formProps}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={f('code')} {...form.text('code')} disabled={!isNew} withAsterisk data-autofocus />
          <TextInput label={f('description')} {...form.text('description')} withAsterisk />
          <Select label={f('kind')} {...form.select('kind')} allowDeselect={false} data={ITEM_KINDS.map((k) => ({ value: k, label: t(`item.kinds.${k}`) }))} />
          <NumberInput label={f('price')} {...form.select('price')} decimalScale={2} fixedDecimalScale min={0} decimalSeparator={decimal} thousandSeparator={decimal === ',' ? '.' : ','} suffix=" €" />
          <NumberInput label={f('vatRate')} {...form.select('vatRate')} decimalScale={2} min={0} max={100} decimalSeparator={decimal} />
          <NumberInput label={f('warrantyMonths')} {...form.select('warrantyMonths')} allowDecimal={false} min={0} />
          <CatalogSelect catalog="unit-types" label={f('unitType')} {...form.select('unitTypeCode')} />
        </SimpleGrid>
        <Group>
          <Switch label={f('serialized')} {...form.checkbox('serialized')} />
        </Group>
        <FormEnd form={form} isNew={isNew} onCancel={onCancel} label={f} />
      </Stack>
    </form>
  );
}
