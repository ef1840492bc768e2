import { Alert, Button, Group, SimpleGrid, Switch, TagsInput, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconInfoCircle } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { errorMessage, mailImport, type ClassifySettings } from '../../api';
import { ErrorNote, ListSkeleton } from '../../components/States';
import { useStatus } from '../../state/status';
import { useQuery } from '../../state/useQuery';
import { Section } from './Section';
import { checkRules, cleanList, sameRules } from './rules';

type ListField = 'myAddresses' | 'internalDomains' | 'freeMailDomains' | 'include' | 'exclude';

const fields: { key: ListField; label: string; description: string; placeholder: string }[] = [
  {
    key: 'myAddresses',
    label: 'My other addresses',
    description: 'Besides each mail account’s own: aliases and old addresses that are you.',
    placeholder: 'me@company.com',
  },
  {
    key: 'internalDomains',
    label: 'My company’s domains',
    description: 'Mail only among these is internal, not customer history. Empty: the domain of your address.',
    placeholder: 'company.com',
  },
  {
    key: 'freeMailDomains',
    label: 'More free-mail domains',
    description: 'Senders there are people without a company. Gmail, Outlook and the like are already known.',
    placeholder: 'mail.example',
  },
  {
    key: 'include',
    label: 'Always customer history',
    description: 'Senders or whole domains that always count, even if they look automated.',
    placeholder: 'jane@customer.com or customer.com',
  },
  {
    key: 'exclude',
    label: 'Never customer history',
    description: 'Senders or whole domains to keep out, such as your bank or a supplier.',
    placeholder: 'bank.example',
  },
];

/** Settings → What counts as customer history: the classification rules. */
export function HistoryRules() {
  const { bump } = useStatus();
  const saved = useQuery(() => mailImport.settings(), []);
  const [draft, setDraft] = useState<ClassifySettings | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState('');

  // Take what the backend has, unless the rep is in the middle of an edit.
  const base = useRef<ClassifySettings | null>(null);
  useEffect(() => {
    const fresh = saved.data;
    if (!fresh) return;
    setDraft((d) => (!d || !base.current || sameRules(d, base.current) ? fresh : d));
    base.current = fresh;
  }, [saved.data]);

  if (saved.error && !saved.data) return <Section title="What counts as customer history"><ErrorNote message={saved.error} /></Section>;
  const problems = draft ? checkRules(draft) : {};
  const dirty = !!draft && !!saved.data && !sameRules(draft, saved.data);

  const save = async () => {
    if (!draft || Object.keys(problems).length > 0) return;
    setSaving(true);
    setError('');
    try {
      await mailImport.saveSettings(draft);
      notifications.show({ title: 'Rules saved', message: 'They apply to mail imported from now on; mail already here is re-sorted in the background.', color: 'teal' });
      bump();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Section
      id="history-rules"
      title="What counts as customer history"
      description="A message is customer history when someone outside your company takes part in it. These rules decide the edge cases."
    >
      {!draft ? (
        <ListSkeleton rows={3} height={52} />
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
          data-testid="history-rules"
        >
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
            {fields.map((f) => (
              <TagsInput
                key={f.key}
                label={f.label}
                description={f.description}
                placeholder={draft[f.key].length ? undefined : f.placeholder}
                value={draft[f.key]}
                onChange={(v) => setDraft({ ...draft, [f.key]: cleanList(v) })}
                error={problems[f.key]}
                clearable
                splitChars={[',', ' ', ';']}
                data-testid={`rule-${f.key}`}
              />
            ))}
          </SimpleGrid>
          <Switch
            mt="md"
            label="Count mailing-list mail as history"
            description="Off: mail from lists you were not written to directly stays out."
            checked={draft.listMailIsHistory}
            onChange={(e) => setDraft({ ...draft, listMailIsHistory: e.currentTarget.checked })}
            data-testid="rule-listMail"
          />
          <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />} mt="md" p="xs" role="note">
            <Text size="sm">
              Rules apply to mail imported from now on. Mail already in Parley is re-sorted in the background after you
              save, which can take a minute in a large mailbox.
            </Text>
          </Alert>
          {error && (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} mt="sm" role="alert">
              <Text size="sm">{error}</Text>
            </Alert>
          )}
          <Group justify="flex-end" gap="xs" mt="md">
            {dirty && (
              <Button variant="subtle" color="gray" onClick={() => saved.data && setDraft(saved.data)} disabled={saving}>
                Undo changes
              </Button>
            )}
            <Button type="submit" loading={saving} disabled={!dirty || Object.keys(problems).length > 0}>
              Save rules
            </Button>
          </Group>
        </form>
      )}
    </Section>
  );
}
