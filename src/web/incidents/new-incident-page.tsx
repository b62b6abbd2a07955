/**
 * The intake form a representative fills in while the customer is on the line: the serial number
 * identifies unit, item, customer and coverage at once; case type preset from it; reason codes as
 * two linked pickers; similar resolved cases beside the form, whose solution one click copies into
 * the diagnosis. Opened from a call (`?fromCallId=`) it finishes that call when saved.
 */
import { Anchor, Badge, Button, Card, Checkbox, Grid, Group, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { IncidentCreate } from '../../shared/incidents.ts';
import { errorMessage } from '../app/api.ts';
import { useFormat } from '../app/format.ts';
import { FromCallBanner, useCallFinishedNotice, useFromCall } from '../calls/from-call.tsx';
import { CustomerPicker } from '../customers/pickers.tsx';
import { StatusBadge } from '../ui/badges.tsx';
import { FormFooter } from '../ui/form-footer.tsx';
import { CatalogSelect, catalogOptions, useCatalog, codeSearch } from '../ui/catalogs.tsx';
import { notifySuccess } from '../ui/feedback.tsx';
import { PageHeader } from '../ui/page.tsx';
import { useApiForm } from '../ui/use-api-form.ts';
import { createIncident, patchIncident, useIncidentChangedElsewhere, useSerialLookup, useSimilar } from './queries.ts';

type Values = {
  serialNumber: string;
  customerId: string | null;
  isNew: boolean;
  newName: string;
  newPhone: string;
  newEmail: string;
  newTaxId: string;
  contactName: string;
  contactPhone: string;
  contactEmail: string;
  contactAddress: string;
  contactFax: string;
  caseType: string | null;
  reasonCode: string | null;
  specificReasonCode: string | null;
  symptom: string;
  diagnosis: string;
  priorityCode: string | null;
  originCode: string | null;
};

export function NewIncidentPage() {
  const { t, i18n } = useTranslation('incidents');
  const f = useFormat();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const fromCall = useFromCall();
  const finishedNotice = useCallFinishedNotice();
  const incidentChanged = useIncidentChangedElsewhere();
  const reasons = useCatalog('reason-codes');
  const [caseTouched, setCaseTouched] = useState(false);

  const form = useApiForm<Values, { id: string; number: string }>({
    initialValues: {
      serialNumber: params.get('serial') ?? fromCall.call?.serialNumber ?? '',
      customerId: params.get('customerId') || null,
      isNew: false,
      newName: '',
      newPhone: '',
      newEmail: '',
      newTaxId: '',
      contactName: '',
      contactPhone: params.get('phone') ?? '',
      contactEmail: '',
      contactAddress: '',
      contactFax: '',
      caseType: null,
      reasonCode: null,
      specificReasonCode: null,
      symptom: params.get('symptom') ?? '',
      diagnosis: '',
      priorityCode: null,
      originCode: null,
    },
    fieldAliases: { 'newCustomer.name': 'newName', 'newCustomer.phone': 'newPhone', 'newCustomer.email': 'newEmail', 'newCustomer.taxId': 'newTaxId', unitId: 'serialNumber' },
    submit: async (v) => {
      const body: IncidentCreate = {
        serialNumber: v.serialNumber.trim() || null,
        customerId: v.isNew ? null : v.customerId,
        newCustomer: v.isNew ? { name: v.newName, phone: v.newPhone || null, email: v.newEmail || null, taxId: v.newTaxId || null } : null,
        contactName: v.contactName || null,
        contactPhone: v.contactPhone || null,
        contactEmail: v.contactEmail || null,
        contactAddress: v.contactAddress || null,
        contactFax: v.contactFax || null,
        caseType: (v.caseType as IncidentCreate['caseType']) ?? null,
        reasonCode: v.reasonCode,
        specificReasonCode: v.specificReasonCode,
        symptom: v.symptom,
        priorityCode: v.priorityCode,
        originCode: v.originCode,
        fromCallId: fromCall.callId ?? null,
      };
      const created = await createIncident(body);
      // A diagnosis written at intake (or copied from a similar case) is saved right after it.
      if (v.diagnosis.trim()) await patchIncident(created.id, { diagnosis: v.diagnosis.trim() });
      return created;
    },
    onSuccess: (created) => {
      notifySuccess(t('new.saved', { number: created.number }));
      finishedNotice(fromCall.callId);
      // The inbox, the customer's incidents and the SLA counts include it from now on.
      void incidentChanged(created.id);
      navigate(`/incidents/${created.id}`);
    },
  });
  const v = form.values as Values;
  const [serial] = useDebouncedValue(v.serialNumber, 250);
  const lookup = useSerialLookup(serial);
  const unit = lookup.data ?? null;
  const [symptom] = useDebouncedValue(v.symptom, 400);
  const similar = useSimilar({ unitId: unit?.id, reasonCode: v.reasonCode ?? undefined, symptom });
  const presetCase = unit ? (unit.warranty.underWarranty || unit.contract.underContract ? 'warranty' : 'billable') : null;
  const caseType = caseTouched ? v.caseType : (v.caseType ?? presetCase);
  const generalOptions = catalogOptions(reasons.entries.filter((e) => !e.parentCode), i18n.language, v.reasonCode);
  const specificOptions = catalogOptions(reasons.entries.filter((e) => e.parentCode && (!v.reasonCode || e.parentCode === v.reasonCode)), i18n.language, v.specificReasonCode);

  return (
    <Stack gap="sm">
      <PageHeader title={t('new.title')} subtitle={t('new.subtitle')} back={{ to: '/incidents', label: t('page.back') }} />
      <FromCallBanner fromCall={fromCall} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <form {...form.formProps} aria-label={t('new.title')}>
            <Stack gap="sm">
              <Card withBorder padding="sm">
                <Stack gap="xs">
                  <TextInput {...form.text('serialNumber')} label={t('new.serial')} description={t('new.serialHint')} autoFocus data-testid="serial-input" />
                  {serial.trim().length >= 3 && lookup.isFetched && !unit && <Text size="sm" c="#9a3412">{t('new.serialUnknown')}</Text>}
                  {unit && (
                    <Group gap="xs" data-testid="serial-result" wrap="wrap">
                      <Text size="sm" fw={600}>{unit.customerName}</Text>
                      <Text size="sm">· {unit.itemCode} {unit.itemDescription}</Text>
                      {unit.warranty.underWarranty ? (
                        <StatusBadge tone="green">{t('page.underWarranty', { date: f.date(unit.warranty.until) })}</StatusBadge>
                      ) : (
                        <StatusBadge tone="red">{t('page.outOfWarranty')}</StatusBadge>
                      )}
                      {unit.contract.underContract ? (
                        <StatusBadge tone="blue">{t('page.underContract', { code: unit.contractCode ?? '', date: f.date(unit.contract.until) })}</StatusBadge>
                      ) : (
                        <StatusBadge tone="gray">{t('page.noContract')}</StatusBadge>
                      )}
                    </Group>
                  )}
                  {!unit && (
                    <>
                      <Checkbox label={t('new.newCustomer')} {...form.checkbox('isNew')} />
                      {v.isNew ? (
                        <SimpleGrid cols={{ base: 1, sm: 2 }}>
                          <TextInput {...form.text('newName')} label={t('new.newCustomerName')} required />
                          <TextInput {...form.text('newPhone')} label={t('new.newCustomerPhone')} />
                          <TextInput {...form.text('newEmail')} label={t('new.newCustomerEmail')} />
                          <TextInput {...form.text('newTaxId')} label={t('new.newCustomerTaxId')} />
                        </SimpleGrid>
                      ) : (
                        <CustomerPicker label={t('new.customer')} value={v.customerId} onChange={(id) => form.setValue('customerId', id)} error={form.errors.customerId} initialLabel={fromCall.call?.customerName ?? null} />
                      )}
                    </>
                  )}
                </Stack>
              </Card>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <TextInput {...form.text('contactName')} label={`${t('new.contact')} · ${t('new.contactName')}`} />
                <TextInput {...form.text('contactPhone')} label={t('new.contactPhone')} />
                <TextInput {...form.text('contactEmail')} label={t('new.contactEmail')} />
              </SimpleGrid>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <Select
                  label={t('new.caseType')}
                  data={(['warranty', 'courtesy', 'billable'] as const).map((c) => ({ value: c, label: t(`caseType.${c}`) }))}
                  value={caseType}
                  onChange={(value) => {
                    setCaseTouched(true);
                    form.setValue('caseType', value);
                  }}
                  data-testid="case-type"
                />
                <Select {...codeSearch} label={t('new.reason')} data={generalOptions} value={v.reasonCode} searchable clearable onChange={(value) => { form.setValue('reasonCode', value); form.setValue('specificReasonCode', null); }} error={form.errors.reasonCode} />
                <Select
                  label={t('new.specificReason')}
                  data={specificOptions}
                  {...codeSearch}
                  value={v.specificReasonCode}
                  searchable
                  clearable
                  onChange={(value) => {
                    form.setValue('specificReasonCode', value);
                    const parent = reasons.entries.find((e) => e.code === value)?.parentCode;
                    if (parent) form.setValue('reasonCode', parent);
                  }}
                  error={form.errors.specificReasonCode}
                />
              </SimpleGrid>
              <Textarea {...form.text('symptom')} label={t('new.symptom')} placeholder={t('new.symptomPlaceholder')} autosize minRows={3} required />
              <Textarea {...form.text('diagnosis')} label={t('page.diagnosis')} autosize minRows={2} data-testid="diagnosis-input" />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <CatalogSelect catalog="priorities" label={t('new.priority')} {...form.select('priorityCode')} />
                <CatalogSelect catalog="origins" label={t('new.origin')} {...form.select('originCode')} />
              </SimpleGrid>
              <FormFooter form={form} submitLabel={t('new.save')} />
            </Stack>
          </form>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card withBorder padding="sm" component="aside" aria-labelledby="similar-title">
            <Title order={2} size="h5" id="similar-title" mb="xs">
              {t('similar.title')}
            </Title>
            {!similar.data?.items.length ? (
              <Text size="sm" c="dimmed">{t('similar.empty')}</Text>
            ) : (
              <Stack gap="xs" data-testid="similar-list">
                {similar.data.items.map((s) => (
                  <Card key={s.id} withBorder padding="xs">
                    <Group gap={4} mb={4}>
                      <Anchor href={`/incidents/${s.id}`} target="_blank" size="sm" fw={600}>{s.number}</Anchor>
                      {s.sameItem && <Badge size="xs" color="blue" variant="light">{t('similar.sameItem')}</Badge>}
                      {s.sameReason && <Badge size="xs" color="violet" variant="light">{t('similar.sameReason')}</Badge>}
                      {s.sharedWords > 0 && <Badge size="xs" color="gray" variant="light">{t('similar.words', { count: s.sharedWords })}</Badge>}
                    </Group>
                    <Text size="xs" c="dimmed" lineClamp={2}>{s.symptom}</Text>
                    {s.diagnosis && <Text size="xs"><b>{t('similar.diagnosis')}:</b> {s.diagnosis}</Text>}
                    {s.solution && <Text size="xs"><b>{t('similar.solution')}:</b> {s.solution}</Text>}
                    {s.solution && (
                      <Button
                        size="compact-xs"
                        variant="light"
                        mt={4}
                        onClick={() => {
                          form.setValue('diagnosis', [v.diagnosis, s.solution].filter(Boolean).join('\n'));
                          notifySuccess(t('similar.copied'));
                        }}
                      >
                        {t('similar.copy')}
                      </Button>
                    )}
                  </Card>
                ))}
              </Stack>
            )}
            {similar.error && <Text size="xs" c="red">{errorMessage(similar.error)}</Text>}
          </Card>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
