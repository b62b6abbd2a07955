/**
 * The list of web modules, handed down by the app root (app.tsx) instead of imported: shared
 * pieces (the shortcuts, the feed) need it, and the modules' pages import those pieces, so an
 * import would close a cycle modules.ts → page → shared piece → modules.ts.
 */
import { createContext, useContext } from 'react';
import type { WebModule } from './module.ts';

const WebModulesContext = createContext<readonly WebModule[]>([]);

export const WebModulesProvider = WebModulesContext.Provider;

export function useWebModules(): readonly WebModule[] {
  return useContext(WebModulesContext);
}
