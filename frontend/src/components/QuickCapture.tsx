import { Button, Group, Kbd, Modal, MultiSelect, SegmentedControl, Select, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconMapPin, IconNote, IconPhone, IconUsersGroup } from '@tabler/icons-react';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { accounts as accountsApi, activities, contacts as contactsApi, type AccountSummary, type ActivityKind, type ContactSummary } from '../api';
import { useStatus } from '../state/status';
import { modKey } from './Nav';

const kinds: { value: ActivityKind; label: string; icon: typeof IconNote }[] = [
  { value: 'note', label: 'Note', icon: IconNote },
  { value: 'call', label: 'Call', icon: IconPhone },
  { value: 'meeting', label: 'Meeting', icon: IconUsersGroup },
  { value: 'visit', label: 'Visit', icon: IconMapPin },
];

const placeholders: Record<ActivityKind, string> = {
  note: 'What should you remember about this account?',
  call: 'Who did you speak to, and what was agreed?',
  meeting: 'Who was there, what was decided, what happens next?',
  visit: 'What did you see and hear on site?',
};

/**
 * Log a note, call, meeting or visit in a few seconds. Works offline: the
 * backend writes locally and syncs later.
 */
export function QuickCapture({ opened, accountId, onClose }: { opened: boolean; accountId?: string; onClose: () => void }) {
  const { bump } = useStatus();
  const [kind, setKind] = useState<ActivityKind>('note');
  const [account, setAccount] = useState<string | null>(accountId ?? null);
  const [body, setBody] = useState('');
  const [list, setList] = useState<AccountSummary[]>([]);
  const [listError, setListError] = useState<string | null>(null);
  const [people, setPeople] = useState<ContactSummary[]>([]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);

  // The people picker offers the chosen account's people.
  useEffect(() => {
    setChosen([]);
    if (!opened || !account) {
      setPeople([]);
      return;
    }
    let live = true;
    contactsApi.list('').then(
      (all) => live && setPeople(all.filter((c) => c.accountId === account)),
      () => live && setPeople([]),
    );
    return () => {
      live = false;
    };
  }, [opened, account]);

  useEffect(() => {
    if (!opened) return;
    setAccount(accountId ?? null);
    setError(null);
    accountsApi.list('').then(
      (l) => {
        setList(l);
        setListError(null);
      },
      (e: Error) => setListError(e.message),
    );
  }, [opened, accountId]);

  const close = () => {
    if (saving) return;
    setBody('');
    setKind('note');
    onClose();
  };

  const save = async () => {
    if (!account) {
      setError('Pick the account this belongs to.');
      return;
    }
    if (!body.trim()) {
      setError('Write a few words first.');
      bodyRef.current?.focus();
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await activities.capture({ kind, accountId: account, contactIds: chosen, body: body.trim(), at: 0 });
      const name = list.find((a) => a.id === account)?.name ?? 'the account';
      notifications.show({
        title: `${kinds.find((k) => k.value === kind)?.label} saved`,
        message: `Added to the timeline of ${name}.`,
        color: 'teal',
      });
      bump();
      setBody('');
      setKind('note');
      setSaving(false);
      onClose();
    } catch (e) {
      setError((e as Error).message);
      setSaving(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void save();
    }
  };

  return (
    <Modal opened={opened} onClose={close} title={<Text fw={650}>Log activity</Text>} size="lg" centered>
      <Stack gap="sm" onKeyDown={onKeyDown} data-testid="quick-capture">
        <SegmentedControl
          fullWidth
          value={kind}
          onChange={(v) => setKind(v as ActivityKind)}
          data={kinds.map((k) => ({
            value: k.value,
            label: (
              <Group gap={6} justify="center" wrap="nowrap">
                <k.icon size={16} />
                <span>{k.label}</span>
              </Group>
            ),
          }))}
          aria-label="Kind of activity"
        />
        <Select
          label="Account"
          placeholder={listError ? 'Accounts could not be loaded' : 'Type to find an account'}
          searchable
          data={list.map((a) => ({ value: a.id, label: a.name }))}
          value={account}
          onChange={setAccount}
          nothingFoundMessage="No account by that name"
          error={listError ?? undefined}
          data-autofocus={accountId ? undefined : true}
          data-testid="capture-account"
          comboboxProps={{ withinPortal: true }}
        />
        <MultiSelect
          label="People"
          placeholder={!account ? 'Pick the account first' : people.length ? 'Who was involved (optional)' : 'No people known at this account yet'}
          searchable
          clearable
          disabled={!account || people.length === 0}
          data={people.map((c) => ({ value: c.id, label: c.name || c.addresses[0] || c.id }))}
          value={chosen}
          onChange={setChosen}
          nothingFoundMessage="Nobody by that name at this account"
          data-testid="capture-people"
          comboboxProps={{ withinPortal: true }}
        />
        <Textarea
          ref={bodyRef}
          label="What happened"
          placeholder={placeholders[kind]}
          autosize
          minRows={5}
          maxRows={14}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          data-autofocus={accountId ? true : undefined}
          data-testid="capture-body"
        />
        {error && (
          <Text size="sm" c="red" role="alert">
            {error}
          </Text>
        )}
        <Group justify="space-between" mt="xs">
          <Text size="xs" c="dimmed">
            <Kbd size="xs">{modKey}</Kbd> + <Kbd size="xs">Enter</Kbd> to save, <Kbd size="xs">Esc</Kbd> to close
          </Text>
          <Group gap="xs">
            <Button variant="default" onClick={close} disabled={saving}>
              Cancel
            </Button>
            <Button onClick={() => void save()} loading={saving} data-testid="capture-save">
              Save
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}
