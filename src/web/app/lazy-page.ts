/**
 * Route-level code splitting: a module's pages are loaded when first opened, so the first visit
 * downloads the shell and the login page only (the router's <Suspense> shows a loader meanwhile).
 * In a module file's pages: `page: lazyPage(() => import('./call-page.tsx'), 'CallPage')`.
 */
import { type ComponentType, lazy } from 'react';

const RELOADED = 'atiende.chunkReload';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function lazyPage<M extends Record<K, ComponentType<any>>, K extends keyof M>(load: () => Promise<M>, name: K) {
  return lazy(async () => {
    try {
      const m = await load();
      sessionStorage.removeItem(RELOADED);
      return { default: m[name] };
    } catch (error) {
      // After an upgrade the old hashed chunks are gone: load the new build once instead of failing.
      if (!sessionStorage.getItem(RELOADED)) {
        sessionStorage.setItem(RELOADED, '1');
        window.location.reload();
        return new Promise<never>(() => {});
      }
      throw error;
    }
  });
}
