import { Card, Group, Kbd, SimpleGrid, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { can } from '../../shared/roles.ts';
import { useAuth } from '../app/auth.tsx';
import { searchFocus } from '../app/shortcuts.tsx';
import { webModules } from '../modules.ts';
import { Icon } from '../ui/icons.tsx';
import { PageHeader } from '../ui/page.tsx';

/** The start page: a way into search and every module the user may open. */
export function HomePage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const entries = webModules
    .flatMap((m) => (m.nav ?? []).map((e) => ({ ...e, moduleId: m.id })))
    .filter((e) => e.to !== '/' && (!e.permission || (user && can(user.role, e.permission))))
    .sort((a, b) => (a.section === b.section ? (a.order ?? 100) - (b.order ?? 100) : a.section.localeCompare(b.section)));
  return (
    <Stack maw={960}>
      <PageHeader title={t('home.welcome', { name: user?.name ?? '' })} />
      <Card withBorder padding="md">
        <UnstyledButton onClick={() => searchFocus.current?.()}>
          <Group gap="sm">
            <Icon name="search" />
            <Text size="sm">{t('home.intro')}</Text>
            <Kbd>/</Kbd>
          </Group>
        </UnstyledButton>
      </Card>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
        {entries.map((e) => (
          <Card key={e.to} withBorder padding="md" component={Link} to={e.to} style={{ textDecoration: 'none' }}>
            <Group gap="sm">
              <Icon name={e.icon} size={22} />
              <Title order={3} fz="md">
                {t(e.label.includes(':') ? e.label : `${e.moduleId}:${e.label}`)}
              </Title>
            </Group>
            <Text size="xs" c="dimmed" mt={4}>
              {t(`nav.sections.${e.section}`)}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
