import { Alert, Box, Button, Center, Group, Paper, PasswordInput, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../ui/icons.tsx';
import { errorMessage, setApiLanguage } from './api.ts';
import { useAuth } from './auth.tsx';
import { i18n, type Language } from './i18n.ts';

export function LoginPage() {
  const { t } = useTranslation();
  const { login } = useAuth();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
    } catch (err) {
      setError(errorMessage(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Box w="100%" maw={380}>
        <Group justify="center" mb="lg" gap="xs">
          <Center w={36} h={36} bg="blue.6" c="white" style={{ borderRadius: 8, fontWeight: 700, fontSize: 20 }}>
            A
          </Center>
          <Stack gap={0}>
            <Title order={1} fz={22}>
              Atiende
            </Title>
            <Text size="xs" c="dimmed">
              {t('app.tagline')}
            </Text>
          </Stack>
        </Group>
        <Paper withBorder shadow="sm" p="lg" radius="md">
          <form onSubmit={submit} noValidate>
            <Stack>
              <Title order={2} fz="lg">
                {t('auth.title')}
              </Title>
              {error && (
                <Alert color="red" icon={<Icon name="alert" />} role="alert" data-testid="login-error">
                  {error}
                </Alert>
              )}
              <TextInput label={t('auth.username')} value={username} onChange={(e) => setUsername(e.currentTarget.value)} autoComplete="username" autoFocus name="username" required />
              <PasswordInput label={t('auth.password')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoComplete="current-password" name="password" required />
              <Button type="submit" loading={busy} fullWidth>
                {t('auth.submit')}
              </Button>
            </Stack>
          </form>
        </Paper>
        <Group justify="center" mt="md">
          <SegmentedControl
            size="xs"
            value={i18n.language}
            aria-label="Idioma / Language"
            onChange={(lang) => {
              setApiLanguage(lang);
              void i18n.changeLanguage(lang as Language);
            }}
            data={[
              { value: 'es', label: 'Español' },
              { value: 'en', label: 'English' },
            ]}
          />
        </Group>
      </Box>
    </Center>
  );
}
