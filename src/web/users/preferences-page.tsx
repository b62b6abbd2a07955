/**
 * Preferences (user menu › Preferencias, /preferences): the default recipient and call type the
 * "new call" form starts with, language and time zone. Errors that name a missing default link here.
 */
import { Alert, Anchor, Card, Group, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LANGUAGES, type Language } from '../app/i18n.ts';
import { timeZones, useSavePreferences } from '../app/user-menu.tsx';
import { destinationBody, destinationValue } from '../calls/queries.ts';
import { DestinationSelect } from '../calls/parts.tsx';
import { entryText, useCatalog } from '../ui/catalogs.tsx';
import { LoadError, notifySuccess, PageLoader } from '../ui/feedback.tsx';
import { FormFooter } from '../ui/form-footer.tsx';
import { Icon } from '../ui/icons.tsx';
import { PageHeader, Section } from '../ui/page.tsx';
import { useApiForm } from '../ui/use-api-form.ts';
import { type Preferences, usePreferences } from './queries.ts';

type Values = { to: string | null; callTypeCode: string | null; language: Language; timeZone: string };

export function PreferencesPage() {
  const { t } = useTranslation('users');
  const prefs = usePreferences();
  return (
    <>
      <PageHeader title={t('preferences.title')} subtitle={t('preferences.subtitle')} />
      {prefs.isPending ? <PageLoader /> : prefs.isError ? <LoadError error={prefs.error} onRetry={() => void prefs.refetch()} /> : <PreferencesForm prefs={prefs.data} />}
    </>
  );
}

function PreferencesForm({ prefs }: { prefs: Preferences }) {
  const { t, i18n } = useTranslation('users');
  const save = useSavePreferences();
  const types = useCatalog('call-types');
  const form = useApiForm<Values, Preferences | undefined>({
    initialValues: {
      to: destinationValue({ toUserId: prefs.defaultToUserId, toGroupId: prefs.defaultToGroupId }),
      callTypeCode: prefs.defaultCallTypeCode,
      language: prefs.language,
      timeZone: prefs.timeZone,
    },
    fieldAliases: { defaultToUserId: 'to', defaultToGroupId: 'to', defaultCallTypeCode: 'callTypeCode' },
    submit: (v) => {
      const to = destinationBody(v.to);
      return save({
        defaultToUserId: to.toUserId ?? null,
        defaultToGroupId: to.toGroupId ?? null,
        defaultCallTypeCode: v.callTypeCode,
        ...(v.language !== prefs.language ? { language: v.language } : {}),
        ...(v.timeZone !== prefs.timeZone ? { timeZone: v.timeZone } : {}),
      });
    },
    onSuccess: () => notifySuccess(i18n.t('users:preferences.saved')),
  });
  const typeOptions = types.entries
    .filter((e) => e.active || e.code === form.values.callTypeCode)
    .map((e) => ({ value: e.code, label: entryText(e, i18n.language) }));

  return (
    <form {...form.formProps}>
      <Stack maw={760}>
        <Card withBorder radius="md" padding="md" component="section" aria-labelledby="prefs-calls">
          <Title order={2} fz="md" id="prefs-calls" mb={4}>
            {t('preferences.calls')}
          </Title>
          <Text size="sm" c="gray.7" mb="sm">
            {t('preferences.callsHint')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <DestinationSelect label={t('preferences.destination')} description={t('preferences.destinationHint')} clearable {...form.select('to')} />
            <Select
              label={t('preferences.callType')}
              description={t('preferences.callTypeHint')}
              data={typeOptions}
              clearable
              searchable
              {...form.select('callTypeCode')}
            />
          </SimpleGrid>
          {types.isSuccess && types.entries.filter((e) => e.active).length === 0 && (
            <Alert color="yellow" mt="sm" icon={<Icon name="alert" />}>
              <Group gap="xs">
                <Text size="sm">{t('preferences.noCallTypes')}</Text>
                <Anchor component={Link} to="/settings/catalogs/call-types" size="sm">
                  {t('preferences.configureCallTypes')}
                </Anchor>
              </Group>
            </Alert>
          )}
        </Card>
        <Section id="prefs-region" title={t('preferences.region')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <Select label={t('preferences.language')} data={LANGUAGES.map((l) => ({ value: l, label: t(`common:languages.${l}`) }))} allowDeselect={false} {...form.select('language')} />
            <Select label={t('preferences.timeZone')} data={timeZones()} searchable allowDeselect={false} {...form.select('timeZone')} />
          </SimpleGrid>
        </Section>
        <FormFooter form={form} submitIcon={<Icon name="check" size={16} />} />
      </Stack>
    </form>
  );
}
