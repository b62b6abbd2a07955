/**
 * The app behind the login: shortcuts, the shell and the routes of every registered module, with
 * their texts. Loaded after signing in (app.tsx); each module's pages load on first use (lazyPage).
 */
import { Suspense } from 'react';
import { Button, Center, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes } from 'react-router';
import { webModules } from '../modules.ts';
import { PageLoader } from '../ui/feedback.tsx';
import { useCan } from './auth.tsx';
import { registerBundle } from './i18n.ts';
import type { ModuleRoute } from './module.ts';
import { Shell } from './shell.tsx';
import { WebModulesProvider } from './modules-context.tsx';
import { ShortcutsProvider } from './shortcuts.tsx';

for (const m of webModules) if (m.i18n) registerBundle(m.id, m.i18n);

function Guarded({ route }: { route: ModuleRoute }) {
  const allowed = useCan(route.permission);
  const { t } = useTranslation();
  if (!allowed) {
    return (
      <Center py="xl">
        <Title order={1} fz="md" fw={500}>
          {t('errors.forbidden')}
        </Title>
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
        <Title order={1} fz="md" fw={500}>
          {t('errors.pageNotFound')}
        </Title>
        <Button component={Link} to="/" variant="light">
          {t('errors.goHome')}
        </Button>
      </Stack>
    </Center>
  );
}

export function SignedIn() {
  return (
    <WebModulesProvider value={webModules}>
      <ShortcutsProvider>
        <Shell>
          {/* Pages are loaded on first use (lazyPage): the shell stays while one arrives. */}
          <Suspense fallback={<PageLoader />}>
            <Routes>
              {webModules.flatMap((m) => m.routes).map((r) => (
                <Route key={r.path} path={r.path} element={<Guarded route={r} />} />
              ))}
              <Route path="*" element={<NotFound />} />
            </Routes>
          </Suspense>
        </Shell>
      </ShortcutsProvider>
    </WebModulesProvider>
  );
}
