/** Providers, the login gate and the routes of every registered module. */
import { useMemo } from 'react';
import { Button, Center, MantineProvider, Stack, Text, createTheme, mergeThemeOverrides } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Link, Route, Routes } from 'react-router';
import { webModules } from '../modules.ts';
import { WebModulesProvider } from './modules-context.tsx';
import { PageLoader } from '../ui/feedback.tsx';
import { ApiError } from './api.ts';
import { AuthProvider, useAuth, useCan } from './auth.tsx';
import { initI18n, registerBundle } from './i18n.ts';
import { LoginPage } from './login-page.tsx';
import type { ModuleRoute } from './module.ts';
import { Shell } from './shell.tsx';
import { ShortcutsProvider } from './shortcuts.tsx';

initI18n('es');
for (const m of webModules) if (m.i18n) registerBundle(m.id, m.i18n);

const theme = createTheme({
  primaryColor: 'blue',
  // Shade 8: white text on primary buttons reaches WCAG AA contrast (shade 6 does not).
  primaryShade: 8,
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  components: {
    TextInput: { defaultProps: { size: 'sm' } },
    Tooltip: { defaultProps: { openDelay: 300, withArrow: true } },
  },
});

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // Don't hammer the server with requests that cannot succeed.
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

function Guarded({ route }: { route: ModuleRoute }) {
  const allowed = useCan(route.permission);
  const { t } = useTranslation();
  if (!allowed) {
    return (
      <Center py="xl">
        <Text>{t('errors.forbidden')}</Text>
      </Center>
    );
  }
  return <>{route.element}</>;
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <Center py="xl">
      <Stack align="center">
        <Text>{t('errors.pageNotFound')}</Text>
        <Button component={Link} to="/" variant="light">
          {t('errors.goHome')}
        </Button>
      </Stack>
    </Center>
  );
}

function Gate() {
  const { user, loading } = useAuth();
  if (loading) return <PageLoader />;
  if (!user) return <LoginPage />;
  return (
    <WebModulesProvider value={webModules}>
      <ShortcutsProvider>
        <Shell>
          <Routes>
            {webModules.flatMap((m) => m.routes).map((r) => (
              <Route key={r.path} path={r.path} element={<Guarded route={r} />} />
            ))}
            <Route path="*" element={<NotFound />} />
          </Routes>
        </Shell>
      </ShortcutsProvider>
    </WebModulesProvider>
  );
}

/** Names for the close buttons Mantine draws itself (dialogs, drawers, notifications), in the UI language. */
function themeIn(close: string) {
  const closeButtonProps = { 'aria-label': close, title: close };
  return mergeThemeOverrides(
    theme,
    createTheme({
      components: {
        Modal: { defaultProps: { closeButtonProps } },
        Drawer: { defaultProps: { closeButtonProps } },
        Notification: { defaultProps: { closeButtonProps } },
        Alert: { defaultProps: { closeButtonLabel: close } },
        CloseButton: { defaultProps: { 'aria-label': close } },
      },
    }),
  );
}

export function App() {
  const { i18n, t } = useTranslation();
  const localTheme = useMemo(() => themeIn(t('actions.close')), [t, i18n.language]);
  return (
    <MantineProvider theme={localTheme} defaultColorScheme="light">
      <DatesProvider settings={{ locale: i18n.language, firstDayOfWeek: 1 }}>
        <Notifications position="bottom-right" limit={4} />
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <AuthProvider>
              <Gate />
            </AuthProvider>
          </BrowserRouter>
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>
  );
}
