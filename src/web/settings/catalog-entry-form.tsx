/** The form of one configuration entry, built from the catalog's flags and attributes. */
import { Code, Group, NumberInput, Select, SimpleGrid, Stack, Switch, TagsInput, Text, TextInput, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CatalogName, FlagName } from '../../shared/catalogs.ts';
import { useCalendars, useHolidayRegions } from '../sla/queries.ts';
import { useUsers } from '../users/queries.ts';
import { CatalogSelect, type CatalogEntry, type CatalogInfo, entryText, codeSearch } from '../ui/catalogs.tsx';
import { catalogsApi } from '../ui/queries.ts';
import { FormFooter } from '../ui/form-footer.tsx';
import { useApiForm } from '../ui/use-api-form.ts';

const NUMBER_ATTRS = new Set(['responseMinutes', 'resolutionMinutes', 'escalationMarginMinutes', 'warningPercent', 'ruleOrder']);
/** Minutes of a target: shown with their unit and as hours and minutes under the input. */
const MINUTE_ATTRS = new Set(['responseMinutes', 'resolutionMinutes', 'escalationMarginMinutes']);
/** Number attributes the server accepts as null (empty clears them). */
const NULLABLE_NUMBERS = new Set(['warningPercent']);
const BOOL_ATTRS = new Set(['waitingForCustomer', 'countsAsResponse', 'isEscalation']);
/** Picked from a list and sent as null when cleared. */
const PICKED_ATTRS = new Set(['serviceCalendarId', 'holidayRegion']);
/** Whether a typed address looks like an e-mail (the server validates it again and names the field). */
const looksLikeEmail = (s: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s);
const CODE_ATTRS: Record<string, CatalogName> = { unitTypeCode: 'unit-types', serviceTypeCode: 'service-types', regionCode: 'regions' };
const TEXTAREA_ATTRS = new Set(['emailBodyEs', 'emailBodyEn']);

type Values = Record<string, unknown>;

/** Entry → form values (rate as a percentage, due days as strings for the tags input). */
function toValues(entry: CatalogEntry | undefined, info: CatalogInfo): Values {
  const v: Values = {
    code: entry?.code ?? '',
    descriptionEs: entry?.descriptionEs ?? '',
    descriptionEn: entry?.descriptionEn ?? '',
    sortOrder: entry?.sortOrder ?? 0,
    active: entry?.active ?? true,
    parentCode: entry?.parentCode ?? null,
  };
  for (const f of info.flags) v[f] = entry?.[f] ?? false;
  for (const a of info.attributes) {
    const value = entry?.[a];
    if (a === 'rate') v[a] = typeof value === 'number' ? value / 100 : '';
    else if (a === 'dueDays') v[a] = Array.isArray(value) ? value.map(String) : [];
    else if (a === 'escalationEmails') v[a] = Array.isArray(value) ? value : [];
    else if (PICKED_ATTRS.has(a)) v[a] = (value as string) ?? null;
    else if (BOOL_ATTRS.has(a)) v[a] = !!value;
    else if (NUMBER_ATTRS.has(a)) v[a] = typeof value === 'number' ? value : '';
    else if (a === 'automaticAction') v[a] = (value as string) ?? 'none';
    else v[a] = value ?? (a in CODE_ATTRS || a === 'ownerUserId' ? null : '');
  }
  return v;
}

/** Form values → request body; only what the catalog has, numbers as numbers. */
function toBody(values: Values, info: CatalogInfo, isNew: boolean): Values {
  const body: Values = {
    descriptionEs: values.descriptionEs,
    descriptionEn: values.descriptionEn,
    sortOrder: values.sortOrder === '' ? 0 : Number(values.sortOrder),
    active: values.active,
  };
  if (isNew) body.code = values.code;
  if (info.hierarchical) body.parentCode = values.parentCode || null;
  for (const f of info.flags) body[f] = values[f];
  for (const a of info.attributes) {
    const value = values[a];
    if (a === 'rate') {
      if (value !== '' && value !== null) body[a] = Math.round(Number(value) * 100);
    } else if (a === 'dueDays') {
      body[a] = (value as string[]).map((x) => Number(String(x).trim())).filter((n) => !Number.isNaN(n));
    } else if (a === 'escalationEmails') {
      body[a] = (value as string[]).map((x) => x.trim()).filter(Boolean);
    } else if (PICKED_ATTRS.has(a)) {
      body[a] = value || null;
    } else if (NUMBER_ATTRS.has(a)) {
      if (value !== '' && value !== null) body[a] = Number(value);
      else if (NULLABLE_NUMBERS.has(a) && !isNew) body[a] = null;
    } else if (a in CODE_ATTRS) body[a] = value || null;
    else if (a === 'ownerUserId') {
      if (value) body[a] = value;
    } else if (BOOL_ATTRS.has(a)) body[a] = !!value;
    else if (value !== '' && value !== null && value !== undefined) body[a] = value;
  }
  return body;
}

export function CatalogEntryForm({
  info,
  entry,
  entries,
  automaticActions,
  onSaved,
  onCancel,
}: {
  info: CatalogInfo;
  entry?: CatalogEntry;
  entries: CatalogEntry[];
  automaticActions: string[];
  onSaved: (entry: CatalogEntry, isNew: boolean) => void;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation('settings');
  const isNew = !entry;
  const form = useApiForm<Values, CatalogEntry>({
    initialValues: toValues(entry, info),
    submit: (values) =>
      isNew ? catalogsApi.create(info.name, toBody(values, info, true)) : catalogsApi.update(info.name, entry.code, toBody(values, info, false)),
    onSuccess: (saved) => onSaved(saved, isNew),
  });
  const technicians = useUsers();
  const hasRegionAttrs = info.attributes.includes('serviceCalendarId');
  const calendars = useCalendars({ enabled: hasRegionAttrs });
  const communities = useHolidayRegions({ enabled: hasRegionAttrs });
  const hint = (a: string) => t(`catalogs.hints.${a}`, { defaultValue: '' }) || undefined;
  const asHours = (v: unknown) => {
    const n = typeof v === 'number' ? v : Number.NaN;
    if (!Number.isFinite(n) || n < 60) return undefined;
    return n % 60 ? t('catalogs.hints.asHours', { h: Math.floor(n / 60), m: n % 60 }) : t('catalogs.hints.asWholeHours', { h: n / 60 });
  };
  const badEmails = Array.isArray(form.values.escalationEmails) ? (form.values.escalationEmails as string[]).filter((x) => !looksLikeEmail(x.trim())) : [];
  const f = (k: string) => t(`catalogs.fields.${k}`);
  const prefix = `${info.name}-${entry?.code ?? 'new'}`;
  const idOf = (field: string) => ({ id: `${prefix}-${field}` });

  return (
    <form {...form.formProps} aria-label={isNew ? t('catalogs.newEntry') : t('catalogs.editEntry', { code: entry.code })}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput
            label={f('code')}
            {...form.text('code')}
            {...idOf('code')}
            disabled={!isNew}
            maxLength={info.codeLength ?? 10}
            description={info.codeLength ? t('catalogs.codeLength', { n: info.codeLength }) : undefined}
            data-autofocus={isNew || undefined}
            withAsterisk
            styles={{ input: { textTransform: 'uppercase', fontFamily: 'monospace' } }}
          />
          <TextInput label={f('descriptionEs')} {...form.text('descriptionEs')} {...idOf('descriptionEs')} withAsterisk data-autofocus={!isNew || undefined} />
          <TextInput label={f('descriptionEn')} {...form.text('descriptionEn')} {...idOf('descriptionEn')} withAsterisk />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <NumberInput label={f('sortOrder')} {...form.select('sortOrder')} {...idOf('sortOrder')} allowDecimal={false} />
          {info.hierarchical && (
            <Select
              label={f('parentCode')}
              {...form.select('parentCode')}
              {...idOf('parentCode')}
              clearable
              placeholder={f('parentNone')}
              data={entries.filter((e) => !e.parentCode && e.code !== entry?.code).map((e) => ({ value: e.code, label: entryText(e, i18n.language) || e.code }))}
              {...codeSearch}
            />
          )}
          {info.attributes
            .filter((a) => NUMBER_ATTRS.has(a) || a === 'rate')
            .map((a) => (
              <NumberInput
                key={a}
                label={f(a)}
                {...form.select(a)}
                {...idOf(a)}
                description={[hint(a), MINUTE_ATTRS.has(a) ? asHours(form.values[a]) : undefined].filter(Boolean).join(' ') || undefined}
                allowDecimal={a === 'rate'}
                decimalScale={2}
                min={a === 'warningPercent' ? 1 : 0}
                max={a === 'warningPercent' ? 100 : undefined}
                suffix={MINUTE_ATTRS.has(a) ? ` ${t('catalogs.units.minutes')}` : a === 'warningPercent' ? ' %' : undefined}
                decimalSeparator={i18n.language === 'es' ? ',' : '.'}
              />
            ))}
          {info.attributes.includes('serviceCalendarId') && (
            <Select
              label={f('serviceCalendarId')}
              description={hint('serviceCalendarId')}
              {...form.select('serviceCalendarId')}
              {...idOf('serviceCalendarId')}
              clearable
              placeholder={t('catalogs.hints.defaultCalendar')}
              data={(calendars.data ?? []).map((c) => ({ value: c.id, label: c.isDefault ? `${c.name} (${t('catalogs.hints.default')})` : c.name }))}
            />
          )}
          {info.attributes.includes('holidayRegion') && (
            <Select
              label={f('holidayRegion')}
              description={hint('holidayRegion')}
              {...form.select('holidayRegion')}
              {...idOf('holidayRegion')}
              clearable
              searchable
              placeholder={t('catalogs.hints.holidayRegionNone')}
              data={(communities.data ?? []).map((c) => ({ value: c.code, label: `${c.code} · ${c.name}` }))}
            />
          )}
          {info.attributes
            .filter((a) => a in CODE_ATTRS)
            .map((a) => (
              <CatalogSelect key={a} catalog={CODE_ATTRS[a]} label={f(a)} {...form.select(a)} {...idOf(a)} placeholder={t('catalogs.hints.any')} />
            ))}
          {info.attributes.includes('ownerUserId') && (
            <Select
              label={f('ownerUserId')}
              {...form.select('ownerUserId')}
              {...idOf('ownerUserId')}
              searchable
              withAsterisk
              data={(technicians.data ?? []).filter((u) => u.active || u.id === form.values.ownerUserId).map((u) => ({ value: u.id, label: `${u.name} (${u.username})` }))}
            />
          )}
          {info.attributes.includes('dueDays') && (
            <TagsInput label={f('dueDays')} description={t('catalogs.hints.dueDays')} {...form.select('dueDays')} {...idOf('dueDays')} splitChars={[',', ' ', ';']} />
          )}
          {info.attributes.includes('automaticAction') && (
            <Select
              label={f('automaticAction')}
              {...form.select('automaticAction')}
              {...idOf('automaticAction')}
              allowDeselect={false}
              data={automaticActions.map((a) => ({ value: a, label: t(`catalogs.actions.${a}`) }))}
            />
          )}
        </SimpleGrid>
        {info.attributes.includes('escalationEmails') && (
          <TagsInput
            label={f('escalationEmails')}
            description={hint('escalationEmails')}
            {...form.select('escalationEmails')}
            {...idOf('escalationEmails')}
            error={form.select('escalationEmails').error ?? (badEmails.length ? t('catalogs.hints.badEmails', { list: badEmails.join(', ') }) : undefined)}
            splitChars={[',', ' ', ';']}
            maxTags={10}
            placeholder="guardia@empresa.es"
          />
        )}
        {info.attributes.some((a) => a.startsWith('emailSubject')) && form.values.automaticAction === 'email_customer' && (
          <Stack gap="xs">
            <Text size="xs" c="dimmed">
              {t('catalogs.hints.templates')} <Code>{'{{customer}}'}</Code> <Code>{'{{activity}}'}</Code> <Code>{'{{problem}}'}</Code> <Code>{'{{solution}}'}</Code>
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              {info.attributes
                .filter((a) => a.startsWith('email'))
                .map((a) =>
                  TEXTAREA_ATTRS.has(a) ? (
                    <Textarea key={a} label={f(a)} {...form.text(a)} {...idOf(a)} autosize minRows={3} maxRows={10} />
                  ) : (
                    <TextInput key={a} label={f(a)} {...form.text(a)} {...idOf(a)} />
                  ),
                )}
            </SimpleGrid>
          </Stack>
        )}
        <Group gap="lg">
          {info.flags.map((flag: FlagName) => (
            <Switch key={flag} label={f(flag)} description={t(`catalogs.hints.${flag}`)} {...form.checkbox(flag)} {...idOf(flag)} maw={260} />
          ))}
          {info.attributes
            .filter((a) => BOOL_ATTRS.has(a))
            .map((a) => (
              <Switch key={a} label={f(a)} description={hint(a)} {...form.checkbox(a)} {...idOf(a)} maw={260} />
            ))}
          <Switch label={f('active')} {...form.checkbox('active')} {...idOf('active')} />
        </Group>
        <FormFooter form={form} isNew={isNew} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
