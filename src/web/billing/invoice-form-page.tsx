/** A manual invoice for a customer: lines, payment terms; issued (numbered and chained) on submit. */
import { Alert, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useFormat } from '../app/format.ts';
import { CustomerPicker } from '../customers/pickers.tsx';
import { catalogOptions, useCatalog, codeSearch } from '../ui/catalogs.tsx';
import { FormFooter } from '../ui/form-footer.tsx';
import { notifySuccess } from '../ui/feedback.tsx';
import { PageHeader, Section } from '../ui/page.tsx';
import { useApiForm } from '../ui/use-api-form.ts';
import { emptyLine, LinesEditor, type LineValues, toLineInput } from './lines-editor.tsx';
import { useCompany, useCreateInvoice } from './queries.ts';

export function InvoiceFormPage() {
  const { t, i18n } = useTranslation('billing');
  const f = useFormat();
  const navigate = useNavigate();
  const company = useCompany();
  const terms = useCatalog('payment-terms');
  const create = useCreateInvoice();
  const form = useApiForm({
    initialValues: { customerId: null as string | null, paymentTermCode: null as string | null, description: '', lines: [emptyLine()] as LineValues[] },
    submit: (v) =>
      create.mutateAsync({
        customerId: v.customerId ?? '',
        paymentTermCode: v.paymentTermCode,
        description: v.description || null,
        lines: v.lines.map(toLineInput),
      }),
    onSuccess: (inv) => {
      notifySuccess(t('form.issued', { number: inv.number }));
      navigate(`/invoices/${inv.id}`);
    },
  });
  // A rough total while typing (the server computes the real one, per VAT rate).
  const estimate = form.values.lines.reduce((s, l) => {
    const base = Number(l.quantity || 0) * Number(l.unitPrice || 0) * (1 - Number(l.discount || 0) / 100);
    return s + base * (1 + Number(l.vatRateBp || 0) / 10000);
  }, 0);
  return (
    <Stack gap="md">
      <PageHeader title={t('form.title')} back={{ to: '/invoices', label: t('list.title') }} />
      {company.data && !company.data.configured && <Alert color="orange">{t('company.notConfigured')}</Alert>}
      <form {...form.formProps}>
        <Stack>
          <Section title={t('form.customer')}>
            <Group align="flex-end" wrap="wrap">
              <CustomerPicker label={t('form.customer')} w={320} {...(form.select('customerId') as { value: string | null; onChange: (v: string | null) => void })} />
              <Select {...codeSearch} label={t('form.paymentTerm')} w={260} data={catalogOptions(terms.entries, i18n.language)} clearable {...form.select('paymentTermCode')} />
              <TextInput label={t('form.description')} w={320} {...form.text('description')} />
            </Group>
          </Section>
          <Section title={t('invoice.lines')}>
            <LinesEditor form={form} />
            <Text mt="sm" size="sm" c="gray.7" ta="right">
              {t('form.totals')}: {f.money(Math.round(estimate * 100))}
            </Text>
          </Section>
          <FormFooter form={form} submitLabel={t('form.issue')} />
        </Stack>
      </form>
    </Stack>
  );
}
