import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Loader,
  NumberInput,
  Paper,
  PasswordInput,
  SegmentedControl,
  NativeSelect,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { IconCircleCheck, IconPlugConnected, IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage, mailImport, type ConnectionResult, type FolderView, type MailAccountView, type MailAuth, type MailSecurity } from '../../api';
import {
  defaultFolders,
  defaultPorts,
  emptyAccountForm,
  isEmail,
  toAccountView,
  validateAccount,
  type AccountFormErrors,
  type AccountFormValues,
} from './accountForm';

const securityOptions = [
  { value: 'tls', label: 'TLS (port 993)' },
  { value: 'starttls', label: 'STARTTLS (port 143)' },
];

const specialUseWords: Record<string, string> = {
  '\\Inbox': 'Inbox',
  '\\Sent': 'Sent',
  '\\Archive': 'Archive',
  '\\All': 'All mail',
  '\\Drafts': 'Drafts',
  '\\Junk': 'Junk',
  '\\Trash': 'Trash',
  '\\Flagged': 'Flagged',
};

function ConnectionNote({ result }: { result: ConnectionResult }) {
  return (
    <Alert
      color={result.ok ? 'teal' : 'red'}
      variant="light"
      icon={result.ok ? <IconCircleCheck size={18} /> : <IconAlertTriangle size={18} />}
      title={result.ok ? 'Connection works' : 'Connection failed'}
      data-testid="connection-result"
      data-ok={result.ok}
      role={result.ok ? 'status' : 'alert'}
    >
      <Text size="sm">{result.message}</Text>
      {result.ok && !result.idle && (
        <Text size="xs" c="dimmed" mt={4}>
          This server does not announce new mail at once, so Parley checks for it every few minutes.
        </Text>
      )}
    </Alert>
  );
}

function FolderChoice({
  found,
  value,
  onChange,
  error,
}: {
  found: FolderView[];
  value: string[];
  onChange: (v: string[]) => void;
  error?: string;
}) {
  return (
    <Checkbox.Group
      label="Folders to import"
      description="Ticked: the folders Parley imports unless you choose otherwise."
      value={value}
      onChange={onChange}
      error={error}
      data-testid="folder-choice"
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={6} mt={6}>
        {found.map((f) => (
          <Checkbox
            key={f.name}
            value={f.name}
            label={
              <Group gap={6} wrap="nowrap">
                <Text size="sm" truncate>
                  {f.name}
                </Text>
                {f.specialUse && specialUseWords[f.specialUse] && specialUseWords[f.specialUse] !== f.name && (
                  <Badge size="xs" variant="light" color="gray" radius="sm">
                    {specialUseWords[f.specialUse]}
                  </Badge>
                )}
              </Group>
            }
          />
        ))}
      </SimpleGrid>
    </Checkbox.Group>
  );
}

/**
 * The "Add mail account" form: the email address fills the user name and
 * my addresses until they are edited; the port follows the security
 * choice; Test connection signs in without saving and offers the folders.
 */
export function AddAccountForm({
  demo,
  onAdded,
  onCancel,
}: {
  demo: boolean;
  onAdded: (a: MailAccountView) => void | Promise<void>;
  onCancel: () => void;
}) {
  const [v, setV] = useState<AccountFormValues>(emptyAccountForm);
  const [touched, setTouched] = useState({ username: false, mine: false, port: false });
  const [errors, setErrors] = useState<AccountFormErrors>({});
  const [result, setResult] = useState<ConnectionResult | null>(null);
  const [found, setFound] = useState<FolderView[]>([]);
  const [testing, setTesting] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState('');

  // A change to how Parley connects makes an earlier test meaningless.
  const setConn = (patch: Partial<AccountFormValues>) => {
    setV((cur) => ({ ...cur, ...patch }));
    setResult(null);
    setFound([]);
    setSaveError('');
    setErrors((cur) => {
      const next = { ...cur };
      for (const k of Object.keys(patch) as (keyof AccountFormValues)[]) delete next[k];
      return next;
    });
  };

  const onEmail = (email: string) => {
    const patch: Partial<AccountFormValues> = { email };
    if (!touched.username) patch.username = email.trim();
    if (!touched.mine) patch.myAddresses = isEmail(email) ? [email.trim().toLowerCase()] : [];
    setConn(patch);
  };

  const onSecurity = (s: string) => {
    if (s !== 'tls' && s !== 'starttls') return;
    const patch: Partial<AccountFormValues> = { security: s };
    // Follow the security choice unless the rep typed a port of their own.
    if (!touched.port || v.port === defaultPorts.tls || v.port === defaultPorts.starttls) patch.port = defaultPorts[s as MailSecurity];
    setConn(patch);
  };

  const check = (withFolders: boolean) => {
    const e = validateAccount(v, withFolders ? found : []);
    setErrors(e);
    if (Object.keys(e).length > 0) {
      // Put the cursor where the first problem is.
      const first = (['email', 'username', 'host', 'port', 'secret', 'since', 'myAddresses'] as const).find((k) => e[k]);
      if (first) document.querySelector<HTMLInputElement>(`[data-field="${first}"]`)?.focus();
      return false;
    }
    return true;
  };

  const test = async () => {
    if (!check(false)) return;
    setTesting(true);
    setResult(null);
    setSaveError('');
    try {
      const r = await mailImport.testAccount(toAccountView(v), v.secret);
      setResult(r);
      if (r.ok) {
        setFound(r.folders);
        setV((cur) => ({ ...cur, folders: defaultFolders(r.folders) }));
      }
    } catch (e) {
      setResult({ ok: false, message: errorMessage(e), folders: [], idle: false });
    } finally {
      setTesting(false);
    }
  };

  const save = async () => {
    if (!check(true)) return;
    setSaving(true);
    setSaveError('');
    try {
      const saved = await mailImport.addAccount(toAccountView(v, found), v.secret);
      await onAdded(saved);
    } catch (e) {
      setSaveError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const busy = testing || saving;
  return (
    <Paper withBorder radius="md" p="md" bg="var(--mantine-color-default-hover)" data-testid="add-account-form">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) void save();
        }}
        onKeyDown={(e) => {
          // Esc leaves the form, unless a tag list or the browser's date picker wants it.
          if (e.key === 'Escape' && !saving && !e.defaultPrevented) {
            e.stopPropagation();
            onCancel();
          }
        }}
      >
        <Stack gap="sm">
          <Text fw={600} size="sm">
            Add mail account
          </Text>
          {demo && (
            <Text size="sm" c="dimmed">
              Adding your account replaces the demo mailbox: Parley switches to your own workspace and imports your mail
              into it. The demo&apos;s made-up companies are no longer shown.
            </Text>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label="Email address"
              description="Also fills in the user name and your addresses."
              placeholder="you@company.com"
              required
              autoFocus
              autoComplete="email"
              value={v.email}
              onChange={(e) => onEmail(e.currentTarget.value)}
              error={errors.email}
              data-field="email"
            />
            <TextInput
              label="User name"
              description="For the mail server; usually your email address."
              required
              autoComplete="username"
              value={v.username}
              onChange={(e) => {
                setTouched((t) => ({ ...t, username: true }));
                setConn({ username: e.currentTarget.value });
              }}
              error={errors.username}
              data-field="username"
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <TextInput
              label="Mail server (IMAP)"
              placeholder="imap.company.com"
              required
              value={v.host}
              onChange={(e) => setConn({ host: e.currentTarget.value })}
              error={errors.host}
              data-field="host"
            />
            <NativeSelect
              label="Security"
              data={securityOptions}
              value={v.security}
              onChange={(e) => onSecurity(e.currentTarget.value)}
              data-field="security"
            />
            <NumberInput
              label="Port"
              min={1}
              max={65535}
              allowDecimal={false}
              allowNegative={false}
              hideControls
              value={v.port}
              onChange={(n) => {
                setTouched((t) => ({ ...t, port: true }));
                setConn({ port: typeof n === 'number' ? n : n === '' ? '' : Number(n) });
              }}
              error={errors.port}
              data-field="port"
            />
          </SimpleGrid>
          <Stack gap={4}>
            <Text size="sm" fw={500} id="auth-label">
              Sign in with
            </Text>
            <SegmentedControl
              aria-labelledby="auth-label"
              size="xs"
              value={v.auth}
              onChange={(a) => setConn({ auth: a as MailAuth })}
              data={[
                { value: 'password', label: 'Password' },
                { value: 'xoauth2', label: 'OAuth access token' },
              ]}
              style={{ alignSelf: 'flex-start' }}
              data-testid="auth-choice"
            />
          </Stack>
          <PasswordInput
            label={v.auth === 'xoauth2' ? 'Access token' : 'Password'}
            description={
              v.auth === 'xoauth2'
                ? 'An OAuth access token from your provider. Parley keeps it inside the encrypted workspace.'
                : 'Kept inside the encrypted workspace, never in a plain file. Some providers need an app password.'
            }
            required
            autoComplete="current-password"
            value={v.secret}
            onChange={(e) => setConn({ secret: e.currentTarget.value })}
            error={errors.secret}
            data-field="secret"
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TagsInput
              label="My addresses"
              description="Mail from these is yours. Press Enter after each."
              value={v.myAddresses}
              onChange={(list) => {
                setTouched((t) => ({ ...t, mine: true }));
                setV((cur) => ({ ...cur, myAddresses: list.map((a) => a.trim().toLowerCase()) }));
                setErrors((cur) => ({ ...cur, myAddresses: undefined }));
              }}
              error={errors.myAddresses}
              data-field="myAddresses"
              clearable
            />
            <TextInput
              type="date"
              label="Import mail since (optional)"
              description="Leave empty to import all your mail, newest first."
              value={v.since}
              max={new Date().toISOString().slice(0, 10)}
              onChange={(e) => {
                const since = e.currentTarget.value;
                setV((cur) => ({ ...cur, since }));
                setErrors((cur) => ({ ...cur, since: undefined }));
              }}
              error={errors.since}
              data-field="since"
            />
          </SimpleGrid>
          {result && <ConnectionNote result={result} />}
          {found.length > 0 && (
            <FolderChoice
              found={found}
              value={v.folders}
              onChange={(folders) => {
                setV((cur) => ({ ...cur, folders }));
                setErrors((cur) => ({ ...cur, folders: undefined }));
              }}
              error={errors.folders}
            />
          )}
          {!result && !testing && (
            <Text size="xs" c="dimmed">
              Test the connection to choose folders; without a test Parley imports Inbox, Sent and Archive.
            </Text>
          )}
          {saveError && (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="The account was not added" role="alert" data-testid="save-error">
              <Text size="sm">{saveError}</Text>
            </Alert>
          )}
          {saving && (
            <Group gap="xs" data-testid="saving">
              <Loader size="xs" />
              <Text size="sm" c="dimmed">
                {demo
                  ? 'Signing in, then leaving the demo for your own workspace\u2026'
                  : `Signing in to ${v.host.trim()} and saving\u2026`}
              </Text>
            </Group>
          )}
          <Group justify="space-between" mt={4}>
            <Button
              variant="default"
              leftSection={<IconPlugConnected size={16} />}
              onClick={() => void test()}
              loading={testing}
              disabled={saving}
            >
              Test connection
            </Button>
            <Group gap="xs">
              <Button variant="subtle" color="gray" onClick={onCancel} disabled={saving}>
                Cancel
              </Button>
              <Button type="submit" loading={saving} disabled={testing}>
                {demo ? 'Add and leave the demo' : 'Add account'}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
