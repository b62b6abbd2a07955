/** The user menu: language (saved to /me/preferences), time zone, preferences, password, shortcuts, log out. */
import { Avatar, Button, Group, Menu, Modal, Select, Stack, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../ui/icons.tsx';
import { notifyError, notifySuccess } from '../ui/feedback.tsx';
import { Link } from 'react-router';
import type { Preferences } from '../../shared/users.ts';
import { usersApi, usersKeys } from '../users/queries.ts';
import { setApiLanguage } from './api.ts';
import { useAuth } from './auth.tsx';
import { DEFAULT_TIME_ZONE } from './format.ts';
import { i18n, LANGUAGES } from './i18n.ts';
import { ShortcutsHelp } from './shortcuts.tsx';

export function timeZones(): string[] {
  const list = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return list.includes(DEFAULT_TIME_ZONE) ? list : [DEFAULT_TIME_ZONE, ...list];
}

export function useSavePreferences() {
  const { user, setUser } = useAuth();
  const queryClient = useQueryClient();
  return async (patch: Partial<Preferences>) => {
    if (!user) return;
    const prefs = await usersApi.savePreferences(patch);
    queryClient.setQueryData(usersKeys.preferences(), prefs);
    setUser({ ...user, language: prefs.language, timeZone: prefs.timeZone });
    if (patch.language) {
      setApiLanguage(prefs.language);
      await i18n.changeLanguage(prefs.language);
      // Texts that come from the server (catalog descriptions, messages) follow the language: what
      // is on screen refetches, and cached copies in the old language are dropped, so a page opened
      // next loads in the new one instead of showing the old texts first.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth', type: 'inactive' });
      await queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
    }
    return prefs;
  };
}

export function UserMenu() {
  const { t } = useTranslation();
  const { user, logout } = useAuth();
  const save = useSavePreferences();
  const [tzOpen, tz] = useDisclosure(false);
  const [helpOpen, help] = useDisclosure(false);
  const [zone, setZone] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  if (!user) return null;

  const changeLanguage = async (language: Preferences['language']) => {
    try {
      await save({ language });
      notifySuccess(i18n.t('user.languageChanged'));
    } catch (error) {
      notifyError(error);
    }
  };
  const saveZone = async () => {
    if (!zone) return;
    setSaving(true);
    try {
      await save({ timeZone: zone });
      notifySuccess(t('user.timeZoneChanged', { tz: zone }));
      tz.close();
    } catch (error) {
      notifyError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      {/* No focus placeholder: a focusable role="presentation" div is not an allowed child of role="menu". */}
      <Menu position="bottom-end" width={240} withinPortal withInitialFocusPlaceholder={false}>
        <Menu.Target>
          <UnstyledButton data-testid="user-menu">
            <Group gap={8} wrap="nowrap">
              <Avatar size={30} radius="xl" color="blue" aria-hidden>
                {user.name
                  .split(/\s+/)
                  .slice(0, 2)
                  .map((w) => w[0])
                  .join('')
                  .toUpperCase()}
              </Avatar>
              <Stack gap={0} visibleFrom="sm">
                <Text size="sm" fw={500} lh={1.2}>
                  {user.name}
                </Text>
                <Text size="xs" c="dimmed" lh={1.2}>
                  {t(`user.roles.${user.role}`)}
                </Text>
              </Stack>
              {/* The button's name: the user (when shown) and what it opens. */}
              <VisuallyHidden>{t('user.menu')}</VisuallyHidden>
            </Group>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <div role="group" aria-labelledby="user-menu-language">
          <Menu.Label id="user-menu-language">{t('user.language')}</Menu.Label>
          {LANGUAGES.map((lang) => (
            <Menu.Item
              key={lang}
              leftSection={lang === user.language ? <Icon name="check" size={16} /> : <span style={{ width: 16, display: 'inline-block' }} />}
              onClick={() => void changeLanguage(lang)}
              lang={lang}
              data-testid={`language-${lang}`}
              aria-current={lang === user.language ? 'true' : undefined}
            >
              {t(`languages.${lang}`)}
            </Menu.Item>
          ))}
          </div>
          <Menu.Divider role="separator" />
          <Menu.Item
            leftSection={<Icon name="clock" size={16} />}
            onClick={() => {
              setZone(user.timeZone || DEFAULT_TIME_ZONE);
              tz.open();
            }}
          >
            <Stack gap={0}>
              <Text size="sm">{t('user.timeZone')}</Text>
              <Text size="xs" c="dimmed">
                {user.timeZone || DEFAULT_TIME_ZONE}
              </Text>
            </Stack>
          </Menu.Item>
          <Menu.Item component={Link} to="/preferences" leftSection={<Icon name="settings" size={16} />} data-testid="preferences">
            {t('user.preferences')}
          </Menu.Item>
          <Menu.Item component={Link} to="/preferences/password" leftSection={<Icon name="key" size={16} />} data-testid="change-password">
            {t('user.password')}
          </Menu.Item>
          <Menu.Item leftSection={<Icon name="keyboard" size={16} />} onClick={help.open}>
            {t('shortcuts.title')}
          </Menu.Item>
          <Menu.Divider role="separator" />
          <Menu.Item leftSection={<Icon name="logout" size={16} />} color="red.9" onClick={() => void logout()} data-testid="logout">
            {t('auth.logout')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={tzOpen} onClose={tz.close} title={t('user.timeZone')} size="sm">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void saveZone();
          }}
        >
          <Stack>
            <Select label={t('user.timeZone')} data={timeZones()} value={zone} onChange={setZone} searchable data-autofocus allowDeselect={false} comboboxProps={{ withinPortal: true }} />
            <Group justify="flex-end">
              <Button variant="default" onClick={tz.close}>
                {t('actions.cancel')}
              </Button>
              <Button type="submit" loading={saving}>
                {t('actions.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <ShortcutsHelp opened={helpOpen} onClose={help.close} />
    </>
  );
}
