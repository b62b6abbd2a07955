/** One invoice: who, what, VAT per rate, instalments, payments; "Registrar cobro", "Rectificar", PDF. */
import { Anchor, Button, Checkbox, Group, NumberInput, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { PAYMENT_METHODS, RECTIFYING_TYPES } from '../../shared/billing.ts';
import { useCan } from '../app/auth.tsx';
import { useFormat } from '../app/format.ts';
import { LoadError, notifyError, notifySuccess, PageLoader } from '../ui/feedback.tsx';
import { FormDialog } from '../ui/form-dialog.tsx';
import { Icon } from '../ui/icons.tsx';
import { RowsTable } from '../ui/list.tsx';
import { Fields, PageHeader, Section } from '../ui/page.tsx';
import { useApiForm } from '../ui/use-api-form.ts';
import { LinesEditor, type LineValues, toLineInput } from './lines-editor.tsx';
import { InvoiceStatusBadge } from './parts.tsx';
import { billingApi, type InvoiceDetail, useInvoice, useRecordPayment, useRectify, useReversePayment } from './queries.ts';

export function InvoicePage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation('billing');
  const f = useFormat();
  const canWrite = useCan('billing.write');
  const q = useInvoice(id);
  const [paying, setPaying] = useState(false);
  const [rectifying, setRectifying] = useState(false);
  const reverse = useReversePayment(id);
  if (q.isLoading) return <PageLoader />;
  if (q.error || !q.data) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const inv = q.data;
  const collectable = ['unpaid', 'partially_paid', 'overdue'].includes(inv.status);
  const rectifiable = !inv.rectifiesInvoiceId && !['voided', 'substituted'].includes(inv.status);
  const address = (a: InvoiceDetail['customer']['address']) => (a ? [a.street, [a.postalCode, a.city].filter(Boolean).join(' '), a.province].filter(Boolean).join(', ') : '');
  const other = i18n.language === 'en' ? 'es' : 'en';

  return (
    <Stack gap="md">
      <PageHeader
        title={inv.number}
        subtitle={inv.rectifiesNumber ? t('invoice.rectifiesOf', { number: inv.rectifiesNumber }) : inv.customer.name}
        back={{ to: '/invoices', label: t('list.title') }}
        badges={<InvoiceStatusBadge status={inv.status} testId="invoice-status" />}
        actions={
          <>
            <Button component="a" href={billingApi.pdfUrl(inv.id, i18n.language)} target="_blank" variant="default" leftSection={<Icon name="download" size={16} />}>
              {t('invoice.pdf')}
            </Button>
            <Button component="a" href={billingApi.pdfUrl(inv.id, other)} target="_blank" variant="subtle">
              {t('invoice.pdfEn')}
            </Button>
            {canWrite && rectifiable && (
              <Button variant="default" onClick={() => setRectifying(true)}>
                {t('rectify.button')}
              </Button>
            )}
            {canWrite && collectable && <Button onClick={() => setPaying(true)}>{t('pay.button')}</Button>}
          </>
        }
      />
      <Section title={inv.customer.name}>
        <Fields
          items={[
            { label: t('invoice.issueDate'), value: f.date(inv.issueDate) },
            { label: t('invoice.taxId'), value: inv.customer.taxId ?? '—' },
            { label: t('invoice.customer'), value: address(inv.customer.address) || '—' },
            { label: t('invoice.paymentTerm'), value: inv.paymentTerm ?? '—' },
            { label: t('invoice.issuer'), value: `${inv.issuer.name} · ${inv.issuer.taxId}` },
            ...(inv.incidentId ? [{ label: t('invoice.incident'), value: <Anchor component={Link} to={`/incidents/${inv.incidentId}`}>{inv.incidentNumber}</Anchor> }] : []),
            ...(inv.rectifiesInvoiceId
              ? [{ label: t('invoice.rectifiesOf', { number: '' }).trim(), value: <Anchor component={Link} to={`/invoices/${inv.rectifiesInvoiceId}`}>{inv.rectifiesNumber}</Anchor> }]
              : []),
            ...(inv.rectificationReason ? [{ label: t('invoice.reason'), value: inv.rectificationReason }] : []),
          ]}
        />
      </Section>

      <Section title={t('invoice.lines')}>
        <RowsTable
          rows={inv.lines}
          rowKey={(l) => l.position}
          minWidth={600}
          striped
          columns={[
            { key: 'description', header: t('invoice.description'), render: (l) => l.description },
            { key: 'quantity', header: t('invoice.quantity'), align: 'right', render: (l) => f.number(l.quantityMilli / 1000, { maximumFractionDigits: 3 }) },
            { key: 'price', header: t('invoice.unitPrice'), align: 'right', render: (l) => f.money(l.unitPriceCents) },
            { key: 'discount', header: t('invoice.discount'), align: 'right', render: (l) => (l.discountBp ? f.percent(l.discountBp) : '') },
            { key: 'vat', header: t('invoice.vat'), align: 'right', render: (l) => f.percent(l.vatRateBp) },
            { key: 'amount', header: t('invoice.amount'), align: 'right', render: (l) => f.money(l.amountCents) },
          ]}
        />
        <Stack gap={2} align="flex-end" mt="sm" data-testid="invoice-totals">
          {inv.vatBreakdown.map((b) => (
            <Text size="sm" key={b.vatRateBp}>
              {t('invoice.base')} {f.percent(b.vatRateBp)}: {f.money(b.baseCents)} · {t('invoice.vatAmount')}: {f.money(b.vatCents)}
            </Text>
          ))}
          <Text fw={700}>
            {t('invoice.total')}: {f.money(inv.totalCents)}
          </Text>
          {inv.status !== 'rectifying' && (
            <Text size="sm" c="gray.7">
              {t('invoice.paid')}: {f.money(inv.paidCents)} ·{' '}
              {inv.outstandingCents < 0 ? `${t('invoice.toRefund')}: ${f.money(-inv.outstandingCents)}` : `${t('invoice.outstanding')}: ${f.money(inv.outstandingCents)}`}
            </Text>
          )}
        </Stack>
        <Text size="xs" c="gray.7" mt="xs">
          {t('invoice.immutable')}
        </Text>
      </Section>

      {inv.instalments.length > 0 && (
        <Section title={t('invoice.instalments')}>
          <RowsTable
            rows={inv.instalments}
            rowKey={(i) => i.seq}
            columns={[
              { key: 'seq', header: '#', render: (i) => i.seq },
              {
                key: 'due',
                header: t('invoice.dueDate'),
                render: (i) => (
                  <>
                    {f.date(i.dueDate)} {i.overdue && <Text span c="red.8" fw={600} size="sm">({t('invoice.overdue')})</Text>}
                  </>
                ),
              },
              { key: 'amount', header: t('invoice.amount'), align: 'right', render: (i) => f.money(i.amountCents) },
              { key: 'paid', header: t('invoice.paid'), align: 'right', render: (i) => f.money(i.paidCents) },
              { key: 'outstanding', header: t('invoice.outstanding'), align: 'right', render: (i) => f.money(i.outstandingCents) },
            ]}
          />
        </Section>
      )}

      {inv.status !== 'rectifying' && (
        <Section title={t('invoice.payments')}>
          {inv.payments.length === 0 ? (
            <Text size="sm" c="gray.7">
              {t('invoice.noPayments')}
            </Text>
          ) : (
            <RowsTable
              rows={inv.payments}
              rowKey={(p) => p.id}
              columns={[
                { key: 'paidOn', header: t('pay.paidOn'), render: (p) => f.date(p.paidOn) },
                { key: 'method', header: t('pay.method'), render: (p) => (p.reversesPaymentId ? t('invoice.reversal') : t(`method.${p.method}`)) },
                { key: 'instalment', header: t('pay.instalment'), render: (p) => p.instalmentSeq ?? '' },
                { key: 'amount', header: t('invoice.amount'), align: 'right', render: (p) => f.money(p.amountCents) },
                { key: 'note', header: t('pay.note'), render: (p) => p.note ?? '' },
                {
                  key: 'reverse',
                  header: '',
                  render: (p) =>
                    canWrite && !p.reversesPaymentId && !p.reversedBy && (
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        loading={reverse.isPending}
                        onClick={() => {
                          if (!window.confirm(t('invoice.reverseConfirm'))) return;
                          reverse.mutate(p.id, { onSuccess: () => notifySuccess(t('invoice.reversed')), onError: (e) => notifyError(e) });
                        }}
                      >
                        {t('invoice.reverse')}
                      </Button>
                    ),
                },
              ]}
            />
          )}
        </Section>
      )}

      {inv.rectifications.length > 0 && (
        <Section title={t('invoice.rectifications')}>
          <Stack gap={4}>
            {inv.rectifications.map((r) => (
              <Group key={r.id} gap="sm">
                <Anchor component={Link} to={`/invoices/${r.id}`} ff="monospace">
                  {r.number}
                </Anchor>
                <Text size="sm">
                  {r.invoiceType} · {f.date(r.issueDate)} · {f.money(r.totalCents)}
                </Text>
              </Group>
            ))}
          </Stack>
        </Section>
      )}

      {inv.records.length > 0 && (
        <Section title={t('invoice.record')}>
          {inv.records.map((r) => (
            <Text key={r.seq} size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
              #{r.seq} {t(`chain.${r.kind}`)} · {r.fingerprint} · {t(`chain.states.${r.sendState}`)}
            </Text>
          ))}
        </Section>
      )}

      {paying && <PaymentDialog invoice={inv} onClose={() => setPaying(false)} />}
      {rectifying && <RectifyDialog invoice={inv} onClose={() => setRectifying(false)} />}
    </Stack>
  );
}

function PaymentDialog({ invoice, onClose }: { invoice: InvoiceDetail; onClose: () => void }) {
  const { t } = useTranslation('billing');
  const f = useFormat();
  const pay = useRecordPayment(invoice.id);
  const form = useApiForm({
    initialValues: { paidOn: f.today(), amount: invoice.outstandingCents / 100 as number | string, method: 'transfer', instalmentSeq: '', note: '' },
    fieldAliases: { amountCents: 'amount' },
    submit: (v) =>
      pay.mutateAsync({
        paidOn: v.paidOn,
        amountCents: Math.round(Number(v.amount) * 100),
        method: v.method as 'transfer',
        instalmentSeq: v.instalmentSeq ? Number(v.instalmentSeq) : null,
        note: v.note || null,
      }),
    onSuccess: () => {
      notifySuccess(t('pay.saved'));
      onClose();
    },
  });
  return (
    <FormDialog onClose={onClose} title={t('pay.title')} form={form} submitLabel={t('pay.save')}>
      <TextInput label={t('pay.paidOn')} type="date" {...form.text('paidOn')} />
      <NumberInput label={t('pay.amount')} decimalScale={2} min={0} decimalSeparator={f.language === 'en' ? '.' : ','} {...form.select('amount')} />
      <Select label={t('pay.method')} data={PAYMENT_METHODS.map((m) => ({ value: m, label: t(`method.${m}`) }))} allowDeselect={false} {...form.select('method')} />
      {invoice.instalments.length > 1 && (
        <Select
          label={t('pay.instalment')}
          data={[{ value: '', label: t('pay.whole') }, ...invoice.instalments.filter((i) => i.outstandingCents > 0).map((i) => ({ value: String(i.seq), label: `${i.seq} · ${f.date(i.dueDate)} · ${f.money(i.outstandingCents)}` }))]}
          allowDeselect={false}
          {...form.select('instalmentSeq')}
        />
      )}
      <TextInput label={t('pay.note')} {...form.text('note')} />
    </FormDialog>
  );
}

function RectifyDialog({ invoice, onClose }: { invoice: InvoiceDetail; onClose: () => void }) {
  const { t } = useTranslation('billing');
  const navigate = useNavigate();
  const rectify = useRectify(invoice.id);
  const form = useApiForm({
    initialValues: { type: invoice.invoiceType === 'F2' ? 'R5' : 'R1', method: 'differences', reason: '', fullCredit: true, lines: [] as LineValues[] },
    submit: (v) =>
      rectify.mutateAsync({
        type: v.type as 'R1',
        method: v.method as 'differences',
        reason: v.reason,
        fullCredit: v.method === 'differences' ? v.fullCredit : undefined,
        lines: v.method === 'differences' && v.fullCredit ? undefined : v.lines.map(toLineInput),
      }),
    onSuccess: (created) => {
      notifySuccess(t('rectify.saved'));
      onClose();
      navigate(`/invoices/${created.id}`);
    },
  });
  const needsLines = !(form.values.method === 'differences' && form.values.fullCredit);
  return (
    <FormDialog onClose={onClose} title={t('rectify.title')} size="xl" form={form} submitLabel={t('rectify.save')}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select label={t('rectify.type')} data={RECTIFYING_TYPES.map((r) => ({ value: r, label: t(`rectify.types.${r}`) }))} allowDeselect={false} {...form.select('type')} />
        <Select
          label={t('rectify.method')}
          data={(['differences', 'substitution'] as const).map((m) => ({ value: m, label: t(`rectify.${m}`) }))}
          allowDeselect={false}
          {...form.select('method')}
        />
      </SimpleGrid>
      <Textarea label={t('rectify.reason')} autosize minRows={2} {...form.text('reason')} />
      {form.values.method === 'differences' && <Checkbox label={t('rectify.fullCredit')} {...form.checkbox('fullCredit')} />}
      {needsLines && (
        <>
          <Text size="sm" c="gray.7">
            {t('rectify.lineHint')}
          </Text>
          <LinesEditor form={form} allowNegative={form.values.method === 'differences'} />
        </>
      )}
    </FormDialog>
  );
}
