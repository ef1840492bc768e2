// Full-window screens shown instead of the app: first run, locked, error.
import { Alert, Button, Center, Group, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconLock, IconMail, IconPlayerPlay } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { workspace, type Status } from '../api';
import { LogoMark } from '../components/Logo';
import { ThemeToggle } from '../components/Nav';
import { sentence } from '../lib/text';

function Frame({ children }: { children: ReactNode }) {
  return (
    <Center mih="100vh" p="lg" style={{ background: 'var(--mantine-color-default-hover)', position: 'relative' }}>
      <div style={{ position: 'absolute', top: 16, right: 16 }}>
        <ThemeToggle />
      </div>
      <Paper withBorder radius="lg" p={36} shadow="sm" maw={480} w="100%">
        {children}
      </Paper>
    </Center>
  );
}

export function FirstRun({ onStatus, onAddAccount }: { onStatus: (s: Status) => void; onAddAccount: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const demo = async () => {
    setBusy(true);
    setError(null);
    try {
      onStatus(await workspace.chooseDemo());
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Frame>
      <Stack gap="lg" data-testid="first-run">
        <LogoMark size={44} />
        <Stack gap={6}>
          <Title order={1} fz={26} fw={700}>
            Welcome to Parley
          </Title>
          <Text c="dimmed">
            Parley reads your mail and turns it into a history of every customer: who you talk to, what was said, and
            what is still waiting for you. Everything stays on this computer, works offline, and can be shared with your
            team when you choose.
          </Text>
        </Stack>
        {error && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={16} />}>
            {error}
          </Alert>
        )}
        <Stack gap="xs">
          <Button size="md" leftSection={<IconPlayerPlay size={18} />} onClick={() => void demo()} loading={busy}>
            Explore the demo mailbox
          </Button>
          <Button size="md" variant="default" leftSection={<IconMail size={18} />} onClick={onAddAccount} disabled={busy}>
            Add my mail account
          </Button>
        </Stack>
      </Stack>
    </Frame>
  );
}

export function Locked({ status, onStatus }: { status: Status; onStatus: (s: Status) => void }) {
  const [pass, setPass] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const unlock = async () => {
    if (!pass) return;
    setBusy(true);
    setError(null);
    try {
      const s = await workspace.unlock(pass);
      if (s.state === 'locked') setError(sentence(s.message) || 'That passphrase did not unlock the workspace.');
      onStatus(s);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Frame>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void unlock();
        }}
      >
        <Stack gap="md" data-testid="locked">
          <Group gap="sm">
            <LogoMark size={36} />
            <IconLock size={20} />
          </Group>
          <Stack gap={4}>
            <Title order={1} fz={22} fw={700}>
              Your workspace is locked
            </Title>
            <Text c="dimmed" size="sm">
              {sentence(status.message) || 'Enter your passphrase to open your customer history.'}
            </Text>
          </Stack>
          <PasswordInput
            label="Passphrase"
            value={pass}
            onChange={(e) => setPass(e.currentTarget.value)}
            error={error}
            autoFocus
            data-testid="passphrase"
          />
          <Button type="submit" loading={busy} disabled={!pass}>
            Unlock
          </Button>
          {status.dataDir && (
            <Text size="xs" c="dimmed">
              Workspace: {status.dataDir}
            </Text>
          )}
        </Stack>
      </form>
    </Frame>
  );
}

export function Broken({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <Frame>
      <Stack gap="md" data-testid="broken">
        <LogoMark size={36} />
        <Title order={1} fz={22} fw={700}>
          Parley cannot open your workspace
        </Title>
        <Text size="sm">{sentence(message)}</Text>
        <Group>
          <Button onClick={onRetry}>Try again</Button>
        </Group>
      </Stack>
    </Frame>
  );
}
