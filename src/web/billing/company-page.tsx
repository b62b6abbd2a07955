/** The company's billing data and VERI*FACTU settings (administrators). */
import { Alert, Checkbox, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCan } from '../app/auth.tsx';
import { catalogOptions, useCatalog, codeSearch } from '../ui/catalogs.tsx';
import { FormFooter } from '../ui/form-footer.tsx';
import { LoadError, notifySuccess, PageLoader } from '../ui/feedback.tsx';
import { PageHeader, Section } from '../ui/page.tsx';
import { useApiForm } from '../ui/use-api-form.ts';
import { type Company, useCompany, useSaveCompany } from './queries.ts';

export function CompanyPage() {
  const q = useCompany();
  if (q.isLoading) return <PageLoader />;
  if (q.error || !q.data) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  return <CompanyForm company={q.data} />;
}

function CompanyForm({ company }: { company: Company }) {
  const { t, i18n } = useTranslation('billing');
  const canEdit = useCan('billing.settings');
  const terms = useCatalog('payment-terms');
  const save = useSaveCompany();
  const form = useApiForm({
    initialValues: {
      legalName: company.legalName,
      taxId: company.taxId,
      address: { street: company.address?.street ?? '', postalCode: company.address?.postalCode ?? '', city: company.address?.city ?? '', province: company.address?.province ?? '' },
      invoiceSeries: company.invoiceSeries,
      rectifyingSeries: company.rectifyingSeries,
      defaultPaymentTermCode: company.defaultPaymentTermCode,
      verifactuEnvironment: company.verifactuEnvironment,
      verifactuSend: company.verifactuSend,
      verifactuEndpoint: company.verifactuEndpoint ?? '',
      installationNumber: company.installationNumber,
    },
    submit: (v) => save.mutateAsync({ ...v, verifactuEndpoint: v.verifactuEndpoint || null, address: Object.fromEntries(Object.entries(v.address).filter(([, x]) => x)) }),
    onSuccess: () => notifySuccess(t('company.saved')),
  });
  return (
    <Stack gap="md">
      <PageHeader title={t('company.title')} subtitle={t('company.subtitle')} />
      {!company.configured && <Alert color="orange">{t('company.notConfigured')}</Alert>}
      <form {...form.formProps}>
        <fieldset disabled={!canEdit} style={{ border: 0, padding: 0, margin: 0 }}>
          <Stack>
            <Section title={t('company.title')}>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput label={t('company.legalName')} {...form.text('legalName')} />
                <TextInput label={t('company.taxId')} {...form.text('taxId')} />
                <TextInput label={t('company.street')} {...form.text('address.street')} />
                <TextInput label={t('company.postalCode')} {...form.text('address.postalCode')} />
                <TextInput label={t('company.city')} {...form.text('address.city')} />
                <TextInput label={t('company.province')} {...form.text('address.province')} />
                <TextInput label={t('company.invoiceSeries')} {...form.text('invoiceSeries')} />
                <TextInput label={t('company.rectifyingSeries')} {...form.text('rectifyingSeries')} />
                <Select {...codeSearch} label={t('company.defaultPaymentTerm')} data={catalogOptions(terms.entries, i18n.language, company.defaultPaymentTermCode)} clearable {...form.select('defaultPaymentTermCode')} />
              </SimpleGrid>
            </Section>
            <Section title={t('company.verifactu')}>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Select
                  label={t('company.environment')}
                  data={(['test', 'production'] as const).map((env) => ({ value: env, label: t(`company.${env}`) }))}
                  allowDeselect={false}
                  {...form.select('verifactuEnvironment')}
                />
                <TextInput label={t('company.installation')} {...form.text('installationNumber')} />
                <TextInput label={t('company.endpoint')} {...form.text('verifactuEndpoint')} />
              </SimpleGrid>
              <Checkbox mt="md" label={t('company.send')} {...form.checkbox('verifactuSend')} />
            </Section>
            {canEdit && <FormFooter form={form} submitLabel={t('company.save')} />}
          </Stack>
        </fieldset>
      </form>
    </Stack>
  );
}
