/**
 * Keyboard shortcuts: `/` focuses the global search, `n` opens "new" in the current module — and
 * a new call on every page where the module offers nothing to create (nav `newDefault`) —, `?`
 * lists the shortcuts, naming what `n` creates on the current page. Esc (close a dialog) and Enter
 * (submit a form) come from Mantine's Modal and from plain <form> elements. A page that creates
 * things in a dialog instead of on its own page takes over `n` with `useNewAction(open, enabled, label)`.
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
type Entry = { run: Handler; label?: string };
type Registry = { push: (h: Entry) => () => void; current: () => Entry | undefined };
const NewActionContext = createContext<Registry | null>(null);

/** The element `/` focuses (the global search box registers itself). */
export const searchFocus: { current: (() => void) | null } = { current: null };

/**
 * While mounted (and `enabled`), the `n` key calls `handler` instead of the module's `newTo`;
 * `label` (what it creates, e.g. "Nuevo contrato") is shown in the shortcuts dialog.
 */
export function useNewAction(handler: Handler, enabled = true, label?: string) {
  const registry = useContext(NewActionContext);
  const ref = useRef(handler);
  ref.current = handler;
  const labelRef = useRef(label);
  labelRef.current = label;
  useEffect(() => {
    if (!registry || !enabled) return;
    return registry.push({ run: () => ref.current(), get label() { return labelRef.current; } });
  }, [registry, enabled]);
}

/**
 * Where `n` goes on the current address and what it creates there: the nav entry the address is
 * under (its `newTo`), else the entry flagged `newDefault` (a new call) — only if the user may use it.
 */
export function useModuleNewTarget(): { to: string; label?: string } | undefined {
  const location = useLocation();
  const { user } = useAuth();
  const { t } = useTranslation();
  const webModules = useWebModules();
  const entries = webModules
    .flatMap((m) => (m.nav ?? []).map((e) => ({ ...e, moduleId: m.id })))
    .filter((e) => e.newTo && (!e.newPermission || (user && can(user.role, e.newPermission))));
  const under = webModules.flatMap((m) => m.nav ?? []).filter((e) => location.pathname === e.to || location.pathname.startsWith(`${e.to}/`));
  const deepest = under.sort((a, b) => b.to.length - a.to.length)[0];
  // A module page that offers nothing to create (reports, notices…) falls back to the default.
  const match = (deepest ? entries.find((e) => e.to === deepest.to) : undefined) ?? (deepest?.newTo ? undefined : entries.find((e) => e.newDefault));
  if (!match?.newTo) return undefined;
  const key = match.newLabel ?? match.label;
  return { to: match.newTo, label: t(key.includes(':') ? key : `${match.moduleId}:${key}`) };
}

export function ShortcutsProvider({ children }: { children: ReactNode }) {
  const stack = useRef<Entry[]>([]);
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
    if (handler) handler.run();
    else if (newTarget) navigate(newTarget.to);
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

/** What `n` creates on the current page ("Nueva llamada"), or undefined when it does nothing. */
export function useNewShortcutLabel(): string | undefined {
  const registry = useContext(NewActionContext);
  const target = useModuleNewTarget();
  const { t } = useTranslation();
  const handler = registry?.current();
  if (handler) return handler.label ?? t('shortcuts.new');
  return target?.label;
}

export function ShortcutsHelp({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const what = useNewShortcutLabel();
  const rows: Array<[ReactNode, string]> = [
    [<Kbd key="s">/</Kbd>, t('shortcuts.search')],
    ...(what ? [[<Kbd key="n">N</Kbd>, t('shortcuts.newHere', { what })] as [ReactNode, string]] : []),
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
