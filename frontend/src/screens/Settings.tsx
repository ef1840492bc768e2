import { Badge, Button, Code, Group, Kbd, PasswordInput, SegmentedControl, Stack, Table, Text, useMantineColorScheme, type MantineColorScheme } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { IconDeviceDesktop, IconMoon, IconSun } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { workspace, type Status } from '../api';
import { useStatus } from '../state/status';
import { modKey } from '../components/Nav';
import { PageHeader } from '../components/PageHeader';
import { useTitle } from '../lib/useTitle';
import { ImportPanel } from '../components/ImportPanel';
import { HistoryRules } from './settings/HistoryRules';
import { LeftOutList } from './settings/LeftOutList';
import { MailAccounts } from './settings/MailAccounts';
import { Section } from './settings/Section';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="lg" align="flex-start">
      <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <div style={{ minWidth: 0, textAlign: 'right' }}>{children}</div>
    </Group>
  );
}

const keySourceText: Record<string, string> = {
  keychain: 'The system keychain holds the workspace key.',
  passphrase: 'Your passphrase unlocks the workspace each time Parley starts.',
  '': 'Not set up yet.',
};

function DiskEncryption({ value }: { value: string }) {
  if (value === 'yes') return <Badge color="teal" variant="light" radius="sm">Encrypted</Badge>;
  if (value === 'no')
    return (
      <Stack gap={2} align="flex-end">
        <Badge color="orange" variant="light" radius="sm">Not encrypted</Badge>
        <Text size="xs" c="dimmed">
          Parley encrypts its own data, but turning on disk encryption protects the rest of this computer too.
        </Text>
      </Stack>
    );
  return (
    <Stack gap={2} align="flex-end">
      <Badge color="gray" variant="light" radius="sm">Unknown</Badge>
      <Text size="xs" c="dimmed">
        Parley could not tell whether this disk is encrypted.
      </Text>
    </Stack>
  );
}

const minPassphrase = 8;

/**
 * With the keychain as the key source, a passphrase as well lets the
 * workspace open on a computer whose keychain is missing or locked.
 */
function AddPassphrase() {
  const { refresh } = useStatus();
  const [open, setOpen] = useState(false);
  const [pass, setPass] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!open) {
    return (
      <Group justify="space-between" wrap="nowrap" gap="lg">
        <Text size="sm" c="dimmed">
          A passphrase as well lets you open this workspace when the keychain is locked or missing.
        </Text>
        <Button size="xs" variant="default" onClick={() => setOpen(true)} style={{ flexShrink: 0 }}>
          Add a passphrase
        </Button>
      </Group>
    );
  }
  const save = async () => {
    if (pass.length < minPassphrase) return setError(`Use at least ${minPassphrase} characters.`);
    if (pass !== again) return setError('The two passphrases differ.');
    setBusy(true);
    setError(null);
    try {
      await workspace.setPassphrase(pass);
      notifications.show({ title: 'Passphrase added', message: 'Keep it somewhere safe: Parley cannot recover it.', color: 'teal' });
      setOpen(false);
      setPass('');
      setAgain('');
      await refresh();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Stack gap="xs" data-testid="add-passphrase">
        <PasswordInput label="New passphrase" value={pass} onChange={(e) => setPass(e.currentTarget.value)} autoFocus />
        <PasswordInput label="The same again" value={again} onChange={(e) => setAgain(e.currentTarget.value)} error={error} />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" size="xs" onClick={() => setOpen(false)} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" size="xs" loading={busy}>
            Save passphrase
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const shortcuts: [string, string[]][] = [
  ['Command palette', [modKey, 'K']],
  ['Log activity', ['N']],
  ['Today', ['Alt', '1']],
  ['Accounts', ['Alt', '2']],
  ['Search', ['Alt', '3']],
  ['Search, from anywhere', ['/']],
  ['Settings', ['Alt', '4']],
  ['Go to Today, Accounts, Search', ['G', 'then T / A / S']],
  ['Save in quick capture', [modKey, 'Enter']],
  ['Close a dialog', ['Esc']],
];

export function Settings({ status }: { status: Status }) {
  useTitle('Settings');
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  return (
    <>
      <PageHeader title="Settings" subtitle={`Parley ${status.version || ''}`.trim()} />
      <Stack gap="md" maw={900}>
        <MailAccounts status={status} />
        <ImportPanel status={status} inSettings />
        <HistoryRules />
        <LeftOutList />

        <Section title="Workspace" description="Your data stays on this computer, encrypted.">
          <Row label="Data folder">
            <Code data-testid="data-dir">{status.dataDir || 'not chosen yet'}</Code>
          </Row>
          <Row label="Key">
            <Stack gap={2} align="flex-end">
              <Badge variant="light" radius="sm" color={status.keySource ? 'indigo' : 'gray'}>
                {status.keySource || 'none'}
              </Badge>
              <Text size="xs" c="dimmed">
                {keySourceText[status.keySource] ?? status.keySource}
              </Text>
            </Stack>
          </Row>
          {status.keySource === 'keychain' && <AddPassphrase />}
          <Row label="Disk encryption">
            <DiskEncryption value={status.diskEncrypted} />
          </Row>
          <Row label="Team sync">
            <Text size="sm">{status.sync.configured ? 'Connected to a team server' : 'Not set up'}</Text>
          </Row>
        </Section>

        <Section title="Appearance">
          <Row label="Theme">
            <SegmentedControl
              size="xs"
              value={colorScheme}
              onChange={(v) => setColorScheme(v as MantineColorScheme)}
              data-testid="theme-setting"
              data={[
                { value: 'auto', label: <Group gap={4} wrap="nowrap"><IconDeviceDesktop size={14} />System</Group> },
                { value: 'light', label: <Group gap={4} wrap="nowrap"><IconSun size={14} />Light</Group> },
                { value: 'dark', label: <Group gap={4} wrap="nowrap"><IconMoon size={14} />Dark</Group> },
              ]}
            />
          </Row>
        </Section>

        <Section title="Keyboard shortcuts">
          <Table verticalSpacing={4} fz="sm">
            <Table.Tbody>
              {shortcuts.map(([what, keys]) => (
                <Table.Tr key={what}>
                  <Table.Td>{what}</Table.Td>
                  <Table.Td ta="right">
                    {keys.map((k, i) => (
                      <span key={i}>
                        {i > 0 && ' '}
                        {k.startsWith('then') ? <Text span size="xs" c="dimmed">{k}</Text> : <Kbd size="xs">{k}</Kbd>}
                      </span>
                    ))}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Section>
      </Stack>
    </>
  );
}
