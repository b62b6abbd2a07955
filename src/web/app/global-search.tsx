/**
 * The search box in the header: customers, contacts, units (and whatever other modules register
 * in `searchTargets`) as you type. `/` focuses it; ↑/↓ choose; Enter opens; Esc closes.
 */
import { Badge, Combobox, Group, Kbd, Loader, Text, TextInput, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';

import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { webModules } from '../modules.ts';
import { Icon } from '../ui/icons.tsx';
import { errorMessage } from './api.ts';
import { useSearch } from './queries.ts';
import type { SearchHit } from './module.ts';
import { searchFocus } from './shortcuts.tsx';

const TYPE_COLORS: Record<string, string> = { customer: 'blue', contact: 'teal', unit: 'violet', call: 'orange', activity: 'cyan', incident: 'red' };

export function GlobalSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 180);
  const input = useRef<HTMLInputElement | null>(null);
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const targets = useMemo(() => Object.assign({}, ...webModules.map((m) => m.searchTargets ?? {})) as Record<string, (hit: SearchHit) => string>, []);
  const types = Object.keys(targets);

  useEffect(() => {
    searchFocus.current = () => {
      input.current?.focus();
      input.current?.select();
    };
    return () => {
      searchFocus.current = null;
    };
  }, []);

  const enabled = debounced.length >= 2 && types.length > 0;
  const result = useSearch(debounced, types);
  const hits = enabled ? (result.data?.items ?? []) : [];

  useEffect(() => {
    // Keep the first hit selected so Enter opens it.
    if (hits.length) requestAnimationFrame(() => combobox.selectFirstOption());
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [result.data]);

  const open = (key: string) => {
    const hit = hits.find((h) => `${h.type}:${h.id}` === key);
    if (!hit) return;
    const to = targets[hit.type]?.(hit);
    if (to) navigate(to);
    setQ('');
    combobox.closeDropdown();
    input.current?.blur();
  };

  return (
    <Combobox store={combobox} onOptionSubmit={open} withinPortal position="bottom-start" width="target" offset={4}>
      <Combobox.Target>
        <TextInput
          ref={input}
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            combobox.openDropdown();
          }}
          onFocus={() => q && combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              setQ('');
              combobox.closeDropdown();
              input.current?.blur();
            }
          }}
          placeholder={t('search.placeholder')}
          aria-label={t('search.label')}
          leftSection={result.isFetching ? <Loader size={14} /> : <Icon name="search" size={16} />}
          rightSection={<Kbd size="xs">/</Kbd>}
          rightSectionPointerEvents="none"
          w="100%"
          type="search"
          data-testid="global-search"
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={!q.trim()}>
        <Combobox.Options mah={420} style={{ overflowY: 'auto' }}>
          {q.trim().length < 2 && <Combobox.Empty>{t('search.typeMore')}</Combobox.Empty>}
          {enabled && result.isError && <Combobox.Empty>{errorMessage(result.error)}</Combobox.Empty>}
          {enabled && result.isSuccess && !hits.length && !result.isFetching && <Combobox.Empty>{t('search.nothing', { q: debounced })}</Combobox.Empty>}
          {hits.map((hit) => (
            <Combobox.Option value={`${hit.type}:${hit.id}`} key={`${hit.type}:${hit.id}`}>
              <Group gap="sm" wrap="nowrap">
                <Badge size="xs" variant="light" color={TYPE_COLORS[hit.type] ?? 'gray'} w={78} style={{ flexShrink: 0 }}>
                  {t(`search.types.${hit.type}`, { defaultValue: hit.type })}
                </Badge>
                <div style={{ minWidth: 0 }}>
                  <Text size="sm" fw={500} truncate>
                    {hit.title}
                  </Text>
                  {hit.subtitle && (
                    <Text size="xs" c="dimmed" truncate>
                      {hit.subtitle}
                    </Text>
                  )}
                </div>
              </Group>
            </Combobox.Option>
          ))}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
