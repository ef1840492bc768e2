import { Alert, Badge, Button, Group, Modal, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFlask, IconMail, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage, mailImport, type MailAccountView, type Status } from '../../api';
import { ErrorNote, ListSkeleton } from '../../components/States';
import { useStatus } from '../../state/status';
import { useQuery } from '../../state/useQuery';
import { AddAccountForm } from './AddAccountForm';
import { foldersWords } from './accountForm';
import { Section } from './Section';

const securityWords: Record<string, string> = { tls: 'TLS', starttls: 'STARTTLS', plain: 'Unencrypted, this computer only' };

function AccountRow({ a, demo, onRemove }: { a: MailAccountView; demo: boolean; onRemove: () => void }) {
  const isDemo = demo && a.id === 'demo';
  return (
    <Paper withBorder radius="sm" px="md" py="sm" data-testid="mail-account">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Group gap="sm" wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
          {isDemo ? <IconFlask size={18} style={{ marginTop: 2, flexShrink: 0 }} /> : <IconMail size={18} style={{ marginTop: 2, flexShrink: 0 }} />}
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Group gap={6} wrap="nowrap">
              <Text size="sm" fw={600} truncate>
                {a.name || a.username}
              </Text>
              {isDemo && (
                <Badge size="xs" variant="light" color="grape" radius="sm">
                  Demo
                </Badge>
              )}
            </Group>
            <Text size="xs" c="dimmed" className="tabular" data-testid="mail-account-server">
              {a.username} &middot; {a.host}:{a.port} &middot; {securityWords[a.security] ?? a.security}
              {a.auth === 'xoauth2' ? ' \u00b7 OAuth token' : ''}
            </Text>
            <Text size="xs" c="dimmed">
              Folders: {foldersWords(a.folders)}
              {a.since ? ` \u00b7 mail since ${a.since}` : ' \u00b7 all mail'}
            </Text>
          </Stack>
        </Group>
        {!isDemo && (
          <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} />} onClick={onRemove} aria-label={`Remove ${a.name || a.username}`}>
            Remove
          </Button>
        )}
      </Group>
    </Paper>
  );
}

function RemoveDialog({ account, onClose }: { account: MailAccountView | null; onClose: (removed: boolean) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const remove = async () => {
    if (!account) return;
    setBusy(true);
    setError('');
    try {
      await mailImport.removeAccount(account.id);
      notifications.show({ message: `${account.name || account.username} was removed. Its mail stays in Parley.`, color: 'teal' });
      onClose(true);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={!!account} onClose={() => !busy && onClose(false)} title="Remove this mail account?" centered>
      <Stack gap="sm">
        <Text size="sm">
          Parley stops importing from <b>{account?.username}</b> and forgets its password. The mail already imported
          stays, with its accounts and people.
        </Text>
        {error && (
          <Alert color="red" variant="light" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={() => onClose(false)} disabled={busy} data-autofocus>
            Keep it
          </Button>
          <Button color="red" onClick={() => void remove()} loading={busy}>
            Remove account
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Settings → Mail accounts: the list, adding one (with a test) and removing one. */
export function MailAccounts({ status }: { status: Status }) {
  const { refresh, bump } = useStatus();
  const list = useQuery(() => mailImport.accounts(), []);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<MailAccountView | null>(null);

  const added = async (a: MailAccountView) => {
    setAdding(false);
    notifications.show({
      title: 'Mail account added',
      message: `Parley is importing ${a.username}, newest mail first.`,
      color: 'teal',
    });
    // The first real account switches workspaces: everything reloads.
    await refresh();
    bump();
  };

  return (
    <Section
      id="mail-accounts"
      title="Mail accounts"
      description="Where Parley reads your customer conversations from. Passwords stay inside the encrypted workspace."
      action={
        !adding && (
          <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setAdding(true)} style={{ flexShrink: 0 }}>
            Add mail account
          </Button>
        )
      }
    >
      {status.demo && (
        <Alert color="grape" variant="light" icon={<IconFlask size={18} />} data-testid="demo-note" role="note">
          <Text size="sm">
            You are exploring the demo mailbox: a made-up company with real-looking conversations, imported through the
            same importer your mail will use. Adding your own mail account replaces the demo with your own workspace.
          </Text>
        </Alert>
      )}
      {list.error && !list.data ? (
        <ErrorNote title="Mail accounts could not be loaded" message={list.error} />
      ) : !list.data ? (
        <ListSkeleton rows={1} height={64} />
      ) : list.data.length === 0 ? (
        !adding && (
          <Text size="sm" c="dimmed" data-testid="no-mail-accounts">
            No mail account yet. Add one and Parley imports your mail, newest first, and keeps watching for new mail.
          </Text>
        )
      ) : (
        <Stack gap="xs" data-testid="mail-account-list">
          {list.data.map((a) => (
            <AccountRow key={a.id} a={a} demo={status.demo} onRemove={() => setRemoving(a)} />
          ))}
        </Stack>
      )}
      {adding && <AddAccountForm demo={status.demo} onAdded={added} onCancel={() => setAdding(false)} />}
      <RemoveDialog
        account={removing}
        onClose={(removed) => {
          setRemoving(null);
          if (removed) {
            bump();
            void refresh();
          }
        }}
      />
    </Section>
  );
}
