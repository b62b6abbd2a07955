/** Providers and the login gate; the signed-in app (routes of every module) is signed-in.tsx. */
import { Suspense, useMemo } from 'react';
import { MantineProvider, createTheme, mergeThemeOverrides } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import { PageLoader } from '../ui/feedback.tsx';
import { ApiError } from './api.ts';
import { AuthProvider, useAuth } from './auth.tsx';
import { initI18n } from './i18n.ts';
import { lazyPage } from './lazy-page.ts';
import { LoginPage } from './login-page.tsx';

initI18n('es');

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

// Everything behind the login (shell, navigation, every area's pages and texts) is one lazily
// loaded chunk: the first visit downloads the login page only.
const SignedIn = lazyPage(() => import('./signed-in.tsx'), 'SignedIn');

function Gate() {
  const { user, loading } = useAuth();
  if (loading) return <PageLoader />;
  if (!user) return <LoginPage />;
  return (
    <Suspense fallback={<PageLoader />}>
      <SignedIn />
    </Suspense>
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
