/** The frame around every page: header (menu, search, user menu) and the navigation by section. */
import { AppShell, Burger, Center, Group, NavLink, ScrollArea, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { type ReactNode, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { can } from '../../shared/roles.ts';
import { webModules } from '../modules.ts';
import { Icon } from '../ui/icons.tsx';
import { listAddress, rememberListAddress } from '../ui/list-memory.ts';
import { useAuth } from './auth.tsx';
import { GlobalSearch } from './global-search.tsx';
import type { NavEntry, NavSection } from './module.ts';
import { UserMenu } from './user-menu.tsx';
import { NoticesBell } from '../activities/notices.tsx';

const SECTIONS: NavSection[] = ['work', 'masterdata', 'settings'];

function label(entry: NavEntry, moduleId: string, t: (k: string) => string) {
  return t(entry.label.includes(':') ? entry.label : `${moduleId}:${entry.label}`);
}

export function Shell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);

  const entries = webModules
    .flatMap((m) => (m.nav ?? []).map((e) => ({ ...e, moduleId: m.id })))
    .filter((e) => !e.permission || (user && can(user.role, e.permission)));
  const activeTo = entries
    .filter((e) => location.pathname === e.to || (e.to !== '/' && location.pathname.startsWith(`${e.to}/`)))
    .sort((a, b) => b.to.length - a.to.length)[0]?.to;
  // A list's navigation link returns to its last filters (they live in the address).
  const onList = location.pathname !== '/' && entries.some((e) => e.to === location.pathname);
  useEffect(() => {
    if (onList) rememberListAddress(location.pathname, location.search);
  }, [onList, location.pathname, location.search]);

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 240, breakpoint: 'md', collapsed: { mobile: !opened } }} padding="md">
      <a className="skip-link" href="#main-content" onClick={(e) => { e.preventDefault(); const main = document.getElementById('main-content'); main?.focus(); main?.scrollIntoView(); }}>
        {t('nav.skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" gap="md" wrap="nowrap">
          <Burger opened={opened} onClick={toggle} hiddenFrom="md" size="sm" aria-label={t('nav.openMenu')} />
          <Group gap={8} wrap="nowrap" renderRoot={(props) => <Link to="/" {...props} />} style={{ textDecoration: 'none', color: 'inherit' }} visibleFrom="xs">
            <Center w={28} h={28} bg="blue.8" c="white" style={{ borderRadius: 6, fontWeight: 700 }} aria-hidden>
              A
            </Center>
            <Text fw={700} visibleFrom="sm">
              Atiende
            </Text>
          </Group>
          <div style={{ flex: 1, maxWidth: 560 }}>
            <GlobalSearch />
          </div>
          <Group gap="xs" wrap="nowrap" style={{ marginLeft: 'auto' }}>
            <NoticesBell />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('nav.main')} data-testid="app-nav">
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap="sm">
            {SECTIONS.map((section) => {
              const items = entries.filter((e) => e.section === section).sort((a, b) => (a.order ?? 100) - (b.order ?? 100));
              if (!items.length) return null;
              return (
                <div key={section}>
                  <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mb={4}>
                    {t(`nav.sections.${section}`)}
                  </Text>
                  {items.map((e) => (
                    <NavLink
                      key={e.to}
                      component={Link}
                      to={e.to === location.pathname ? e.to + location.search : listAddress(e.to)}
                      label={label(e, e.moduleId, t)}
                      leftSection={<Icon name={e.icon} size={18} />}
                      rightSection={e.badge ? <Suspense fallback={null}><e.badge /></Suspense> : undefined}
                      active={activeTo === e.to}
                      onClick={close}
                      variant="light"
                      style={{ borderRadius: 6 }}
                      aria-current={activeTo === e.to ? 'page' : undefined}
                    />
                  ))}
                </div>
              );
            })}
          </Stack>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main bg="gray.0" id="main-content" tabIndex={-1} style={{ outline: 'none' }}>
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
