/**
 * Keyboard shortcuts: `/` focuses the global search, `n` opens "new" in the current module,
 * `?` lists the shortcuts. Esc (close a dialog) and Enter (submit a form) come from Mantine's
 * Modal and from plain <form> elements. A page that creates things in a dialog instead of on its
 * own page takes over `n` with `useNewAction(open)`.
 */
import { Group, Kbd, Modal, Stack, Table, Text } from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { useWebModules } from './modules-context.tsx';
import { useAuth } from './auth.tsx';
import { can } from '../../shared/roles.ts';

type Handler = () => void;
type Registry = { push: (h: Handler) => () => void; current: () => Handler | undefined };
const NewActionContext = createContext<Registry | null>(null);

/** The element `/` focuses (the global search box registers itself). */
export const searchFocus: { current: (() => void) | null } = { current: null };

/** While mounted (and `enabled`), the `n` key calls `handler` instead of the module's `newTo`. */
export function useNewAction(handler: Handler, enabled = true) {
  const registry = useContext(NewActionContext);
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!registry || !enabled) return;
    return registry.push(() => ref.current());
  }, [registry, enabled]);
}

/** Finds the nav entry the address is under and its "new" page, if the user may use it. */
export function useModuleNewTarget(): string | undefined {
  const location = useLocation();
  const { user } = useAuth();
  const webModules = useWebModules();
  const entries = webModules.flatMap((m) => m.nav ?? []).filter((e) => e.newTo && (!e.newPermission || (user && can(user.role, e.newPermission))));
  const match = entries.filter((e) => location.pathname === e.to || location.pathname.startsWith(`${e.to}/`)).sort((a, b) => b.to.length - a.to.length)[0];
  return match?.newTo;
}

export function ShortcutsProvider({ children }: { children: ReactNode }) {
  const stack = useRef<Handler[]>([]);
  const registry = useRef<Registry>({
    push: (h) => {
      stack.current.push(h);
      return () => {
        stack.current = stack.current.filter((x) => x !== h);
      };
    },
    current: () => stack.current[stack.current.length - 1],
  });
  const navigate = useNavigate();
  const newTarget = useModuleNewTarget();
  const [helpOpen, help] = useDisclosure(false);

  const onNew = useCallback(() => {
    // Never steal "n" while a dialog is open.
    if (document.querySelector('[role="dialog"]')) return;
    const handler = registry.current.current();
    if (handler) handler();
    else if (newTarget) navigate(newTarget);
  }, [navigate, newTarget]);

  useHotkeys([
    ['/', () => searchFocus.current?.()],
    ['n', onNew],
    ['shift+?', help.open],
  ]);

  return (
    <NewActionContext.Provider value={registry.current}>
      {children}
      <ShortcutsHelp opened={helpOpen} onClose={help.close} />
    </NewActionContext.Provider>
  );
}

export function ShortcutsHelp({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const rows: Array<[ReactNode, string]> = [
    [<Kbd key="s">/</Kbd>, t('shortcuts.search')],
    [<Kbd key="n">N</Kbd>, t('shortcuts.new')],
    [<Kbd key="e">Esc</Kbd>, t('shortcuts.close')],
    [<Kbd key="r">Enter</Kbd>, t('shortcuts.submit')],
    [<Kbd key="h">?</Kbd>, t('shortcuts.help')],
  ];
  return (
    <Modal opened={opened} onClose={onClose} title={t('shortcuts.title')} size="sm">
      <Table>
        <Table.Tbody>
          {rows.map(([key, label]) => (
            <Table.Tr key={label}>
              <Table.Td w={80}>{key}</Table.Td>
              <Table.Td>{label}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}

/** Tooltip text with its key, e.g. "Nuevo (tecla N)". */
export function ShortcutHint({ label, keys }: { label: string; keys: string }) {
  return (
    <Stack gap={2}>
      <Group gap={6}>
        <Text size="xs">{label}</Text>
        <Kbd size="xs">{keys}</Kbd>
      </Group>
    </Stack>
  );
}
