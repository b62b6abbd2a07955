/** Create or edit a customer. The server validates (tax id check characters, unique code…). */
import { Card, Select, SimpleGrid, Stack, Switch, TagsInput, Textarea, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { CatalogSelect } from '../ui/catalogs.tsx';
import { FormFooter } from '../ui/form-footer.tsx';
import { LoadError, notifySuccess, PageLoader } from '../ui/feedback.tsx';
import { PageHeader } from '../ui/page.tsx';
import { useApiForm } from '../ui/use-api-form.ts';
import { type Customer, customersApi, useCustomer, useRefreshCustomers, useSetCustomersData } from './queries.ts';

type Values = {
  code: string;
  name: string;
  taxId: string;
  phones: string[];
  emails: string[];
  address: { street: string; postalCode: string; city: string; province: string; country: string };
  regionCode: string | null;
  language: 'es' | 'en';
  notes: string;
  active: boolean;
};

function toValues(c?: Customer): Values {
  return {
    code: c?.code ?? '',
    name: c?.name ?? '',
    taxId: c?.taxId ?? '',
    phones: c?.phones ?? [],
    emails: c?.emails ?? [],
    address: { street: c?.address?.street ?? '', postalCode: c?.address?.postalCode ?? '', city: c?.address?.city ?? '', province: c?.address?.province ?? '', country: c?.address?.country ?? '' },
    regionCode: c?.regionCode ?? null,
    language: c?.language ?? 'es',
    notes: c?.notes ?? '',
    active: c?.active ?? true,
  };
}

function toBody(v: Values, isNew: boolean) {
  const address = Object.fromEntries(Object.entries(v.address).filter(([, x]) => x.trim()));
  return {
    code: v.code,
    name: v.name,
    taxId: v.taxId.trim() || null,
    phones: v.phones,
    emails: v.emails,
    address: Object.keys(address).length ? address : null,
    regionCode: v.regionCode || null,
    language: v.language,
    notes: v.notes.trim() || null,
    ...(isNew ? {} : { active: v.active }),
  };
}

export function CustomerFormPage() {
  const { id } = useParams();
  const existing = useCustomer(id);
  if (id && existing.isPending) return <PageLoader />;
  if (id && existing.isError) return <LoadError error={existing.error} onRetry={() => void existing.refetch()} />;
  return <CustomerForm key={id ?? 'new'} customer={existing.data} />;
}

function CustomerForm({ customer }: { customer?: Customer }) {
  const { t } = useTranslation('customers');
  const navigate = useNavigate();
  const refreshCustomers = useRefreshCustomers();
  const setData = useSetCustomersData();
  const isNew = !customer;
  const form = useApiForm<Values, Customer>({
    initialValues: toValues(customer),
    submit: (v) => (isNew ? customersApi.create(toBody(v, true)) : customersApi.update(customer.id, toBody(v, false))),
    onSuccess: async (saved) => {
      setData.customer(saved);
      await refreshCustomers();
      notifySuccess(isNew ? t('customer.created', { name: saved.name }) : t('customer.saved'));
      navigate(`/customers/${saved.id}`, { replace: isNew ? false : true });
    },
  });
  const f = (k: string) => t(`customer.fields.${k}`);
  const cancelTo = isNew ? '/customers' : `/customers/${customer.id}`;

  return (
    <Stack maw={980}>
      <PageHeader title={isNew ? t('customer.new') : t('customer.editing', { name: customer.name })} back={{ to: cancelTo, label: isNew ? t('customer.back') : customer.name }} />
      <form {...form.formProps} aria-label={isNew ? t('customer.new') : t('customer.edit')}>
        <Stack>
          <Card withBorder padding="md">
            <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
              <TextInput label={f('code')} {...form.text('code')} withAsterisk data-autofocus autoFocus={isNew} maxLength={30} />
              <TextInput label={f('name')} {...form.text('name')} withAsterisk autoFocus={!isNew} maxLength={200} />
              <TextInput label={f('taxId')} {...form.text('taxId')} maxLength={20} styles={{ input: { textTransform: 'uppercase' } }} />
              <TagsInput label={f('phones')} description={f('phonesHint')} {...form.select('phones')} splitChars={[',', ';']} maxTags={10} />
              <TagsInput label={f('emails')} description={f('emailsHint')} {...form.select('emails')} splitChars={[',', ';', ' ']} maxTags={10} />
              <Select
                label={f('language')}
                {...form.select('language')}
                allowDeselect={false}
                data={[
                  { value: 'es', label: t('languages.es') },
                  { value: 'en', label: t('languages.en') },
                ]}
              />
            </SimpleGrid>
          </Card>
          <Card withBorder padding="md">
            <Title order={3} fz="sm" mb="xs">
              {f('address')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
              <TextInput label={f('street')} {...form.text('address.street')} />
              <TextInput label={f('postalCode')} {...form.text('address.postalCode')} maxLength={20} />
              <TextInput label={f('city')} {...form.text('address.city')} />
              <TextInput label={f('province')} {...form.text('address.province')} />
              <TextInput label={f('country')} {...form.text('address.country')} placeholder={f('countryPlaceholder')} />
              <CatalogSelect catalog="regions" label={f('region')} {...form.select('regionCode')} />
            </SimpleGrid>
          </Card>
          <Card withBorder padding="md">
            <Textarea label={f('notes')} {...form.text('notes')} autosize minRows={2} maxRows={8} />
            {!isNew && <Switch mt="sm" label={f('active')} {...form.checkbox('active')} />}
          </Card>
          <FormFooter form={form} isNew={isNew} onCancel={() => navigate(cancelTo)} />
        </Stack>
      </form>
    </Stack>
  );
}
