import { Alert, Anchor, Avatar, Badge, Box, Button, Collapse, Grid, Group, Paper, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconFileOff, IconPaperclip, IconPlus, IconQuote } from '@tabler/icons-react';
import { createContext, useContext, useEffect, useRef, useState } from 'react';
import { highlightParts, plainWords } from '../lib/highlight';
import { search, timeline, type MessageView, type Person, type ThreadView } from '../api';
import { kindLabel } from '../components/KindIcon';
import { PageHeader } from '../components/PageHeader';
import { RelTime } from '../components/RelTime';
import { ErrorNote, ListSkeleton } from '../components/States';
import { hrefFor } from '../lib/router';
import { formatBytes, fullDateTime } from '../lib/time';
import { useUi } from '../state/ui';
import { useQuery } from '../state/useQuery';
import classes from './ThreadReader.module.css';
import { useTitle } from '../lib/useTitle';

function personText(p: Person): string {
  if (p.name && p.address) return `${p.name} <${p.address}>`;
  return p.name || p.address || 'unknown';
}

function People({ label, people }: { label: string; people: Person[] }) {
  if (people.length === 0) return null;
  return (
    <Text size="xs" c="dimmed" lineClamp={2}>
      <Text span inherit fw={600}>
        {label}{' '}
      </Text>
      {people.map(personText).join(', ')}
    </Text>
  );
}

/** The search words to highlight in message text; empty outside a search. */
const HighlightWords = createContext<string[]>([]);

/** Plain text with the search's words in <mark>, built as React nodes (never HTML). */
export function Highlighted({ text }: { text: string }) {
  const words = useContext(HighlightWords);
  if (words.length === 0) return <>{text}</>;
  return (
    <>
      {highlightParts(text, words).map((p, i) =>
        p.hit ? (
          <mark key={i} data-testid="body-mark">
            {p.text}
          </mark>
        ) : (
          p.text
        ),
      )}
    </>
  );
}

const directionColor: Record<string, string> = { in: 'blue', out: 'teal', internal: 'gray' };

export function Message({ m, target = false }: { m: MessageView; target?: boolean }) {
  const words = useContext(HighlightWords);
  // Open the quoted text when only it holds the words searched for.
  const [showQuoted, setShowQuoted] = useState(
    () => target && words.length > 0 && !!m.quoted && !highlightParts(m.body, words).some((p) => p.hit) && highlightParts(m.quoted, words).some((p) => p.hit),
  );
  const fromName = m.from.name || m.from.address || 'Unknown sender';
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (target) ref.current?.scrollIntoView?.({ block: 'start' });
  }, [target]);
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      data-testid="message"
      data-target={target || undefined}
      ref={ref}
      className={target ? classes.target : undefined}
      style={{ scrollMarginTop: 16 }}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Group gap="sm" wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
          <Avatar radius="xl" size={36} color="initials" name={fromName} />
          <Stack gap={1} style={{ minWidth: 0 }}>
            <Group gap={6} wrap="nowrap">
              <Text fw={650} size="sm" truncate>
                {fromName}
              </Text>
              {m.from.name && m.from.address && (
                <Text size="xs" c="dimmed" truncate>
                  {m.from.address}
                </Text>
              )}
              <Badge size="xs" variant="light" radius="sm" color={directionColor[m.direction] ?? 'gray'} style={{ flexShrink: 0 }}>
                {kindLabel('email', m.direction).replace('Email ', '')}
              </Badge>
            </Group>
            <People label="To" people={m.to} />
            <People label="Cc" people={m.cc} />
          </Stack>
        </Group>
        <Stack gap={0} align="flex-end" style={{ flexShrink: 0 }}>
          <Text size="xs" className="tabular">
            {fullDateTime(m.date)}
          </Text>
          <RelTime at={m.date} size="xs" c="dimmed" />
        </Stack>
      </Group>

      {m.unparsed && (
        <Alert mt="sm" color="orange" variant="light" icon={<IconFileOff size={16} />} title="Parley could not read this message" p="xs">
          <Text size="sm">{m.unparsed}</Text>
        </Alert>
      )}

      {m.body ? (
        <Box className={classes.body} mt="sm" data-testid="message-body">
          <Highlighted text={m.body} />
        </Box>
      ) : (
        !m.unparsed && (
          <Text size="sm" c="dimmed" fs="italic" mt="sm">
            This message has no text of its own.
          </Text>
        )
      )}
      {m.truncated && (
        <Text size="xs" c="dimmed" mt={6}>
          The message is longer than this; the rest was not kept.
        </Text>
      )}

      {m.quoted && (
        <Box mt="xs">
          <Button
            variant="subtle"
            size="compact-xs"
            color="gray"
            leftSection={<IconQuote size={14} />}
            onClick={() => setShowQuoted((v) => !v)}
            aria-expanded={showQuoted}
          >
            {showQuoted ? 'Hide quoted text' : 'Show quoted text'}
          </Button>
          <Collapse in={showQuoted}>
            <Box className={classes.quoted} mt={6} data-testid="quoted">
              <Highlighted text={m.quoted} />
            </Box>
          </Collapse>
        </Box>
      )}

      {m.attachments.length > 0 && (
        <Group gap={6} mt="sm" data-testid="attachments">
          {m.attachments.map((a, i) => (
            <Badge
              key={`${a.name}-${i}`}
              variant="default"
              radius="sm"
              size="lg"
              tt="none"
              fw={500}
              leftSection={<IconPaperclip size={13} />}
              title={a.kept ? a.contentType : `${a.contentType} (only the name and size were kept)`}
            >
              {a.name || 'unnamed'}{' '}
              <Text span size="xs" c="dimmed" className="tabular">
                {formatBytes(a.size)}
                {!a.kept && ', not kept'}
              </Text>
            </Badge>
          ))}
        </Group>
      )}
    </Paper>
  );
}

interface Participant {
  person: Person;
  sent: number;
}

/** Everyone on the conversation, senders first, by how often they wrote. */
export function participants(t: ThreadView): Participant[] {
  const byKey = new Map<string, Participant>();
  const add = (p: Person, sent: number) => {
    const key = (p.address || p.name).toLowerCase();
    if (!key) return;
    const cur = byKey.get(key);
    if (cur) cur.sent += sent;
    else byKey.set(key, { person: p, sent });
  };
  for (const m of t.messages) {
    add(m.from, 1);
    m.to.forEach((p) => add(p, 0));
    m.cc.forEach((p) => add(p, 0));
  }
  return [...byKey.values()].sort((a, b) => b.sent - a.sent);
}

function Aside({ t }: { t: ThreadView }) {
  const ui = useUi();
  const people = participants(t);
  const files = t.messages.reduce((n, m) => n + m.attachments.length, 0);
  return (
    <Stack gap="md" data-testid="thread-aside">
      {t.accountId && (
        <Paper withBorder radius="md" p="md">
          <Text size="xs" fw={600} tt="uppercase" c="dimmed" mb={6} style={{ letterSpacing: '0.04em' }}>
            Account
          </Text>
          <Anchor href={hrefFor({ name: 'account', id: t.accountId })} fw={600} size="sm">
            {t.accountName || 'Account'}
          </Anchor>
          <Button mt="sm" size="xs" variant="light" fullWidth leftSection={<IconPlus size={14} />} onClick={() => ui.openCapture(t.accountId)}>
            Log activity
          </Button>
        </Paper>
      )}
      <Paper withBorder radius="md" p="md">
        <Text size="xs" fw={600} tt="uppercase" c="dimmed" mb={8} style={{ letterSpacing: '0.04em' }}>
          People in this conversation
        </Text>
        <Stack gap={8}>
          {people.map(({ person, sent }) => (
            <Group key={person.address || person.name} gap="xs" wrap="nowrap">
              <Avatar size={26} radius="xl" color="initials" name={person.name || person.address} />
              <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
                <Text size="sm" fw={500} truncate>
                  {person.name || person.address}
                </Text>
                {person.name && (
                  <Text size="xs" c="dimmed" truncate>
                    {person.address}
                  </Text>
                )}
              </Stack>
              {sent > 0 && (
                <Text size="xs" c="dimmed" className="tabular" style={{ whiteSpace: 'nowrap' }}>
                  wrote {sent}
                </Text>
              )}
            </Group>
          ))}
        </Stack>
        {files > 0 && (
          <Text size="xs" c="dimmed" mt="sm" className="tabular">
            {files} {files === 1 ? 'attachment' : 'attachments'}
          </Text>
        )}
      </Paper>
    </Stack>
  );
}

/** Above this many messages the middle ones start folded to one line each. */
const foldAbove = 4;

/** The start of a message for its folded line, past a greeting like "Hi Anna,". */
export function preview(body: string): string {
  const lines = body.split('\n').map((l) => l.trim()).filter(Boolean);
  const greeting = /^(hi|hello|hey|dear|good (morning|afternoon|evening)|hallo|hej|bonjour)\b.{0,40}[,!]?$/i;
  const start = lines.length > 1 && (greeting.test(lines[0]) || (lines[0].length < 30 && lines[0].endsWith(','))) ? 1 : 0;
  return lines.slice(start).join(' ').slice(0, 200);
}

/** A folded message: who, the first line, when. Click to open it. */
function FoldedMessage({ m, onOpen }: { m: MessageView; onOpen: () => void }) {
  const fromName = m.from.name || m.from.address || 'Unknown sender';
  return (
    <UnstyledButton onClick={onOpen} className={classes.folded} data-testid="message-folded" aria-label={`Show message from ${fromName}`}>
      <Group gap="sm" wrap="nowrap">
        <Avatar radius="xl" size={26} color="initials" name={fromName} />
        <Text size="sm" fw={600} style={{ flexShrink: 0 }}>
          {fromName}
        </Text>
        <Text size="sm" c="dimmed" truncate style={{ flex: 1, minWidth: 0 }}>
          {m.unparsed ? 'Could not be read' : preview(m.body)}
        </Text>
        <RelTime at={m.date} size="xs" c="dimmed" />
      </Group>
    </UnstyledButton>
  );
}

/**
 * Long conversations open with the first and the last two messages; the
 * ones between are folded to a line each, like a mail client does.
 */
export function Messages({ messages, target }: { messages: MessageView[]; target?: string }) {
  const [opened, setOpened] = useState<Set<string>>(() => new Set(target ? [target] : []));
  const folds = (i: number) => messages.length > foldAbove && i > 0 && i < messages.length - 2;
  const folded = messages.filter((m, i) => folds(i) && !opened.has(m.id)).length;
  return (
    <>
      {folded > 1 && (
        <Group justify="flex-end" mb={-4}>
          <Button variant="subtle" size="compact-xs" color="gray" onClick={() => setOpened(new Set(messages.map((m) => m.id)))}>
            Open all {messages.length} messages
          </Button>
        </Group>
      )}
      {messages.map((m, i) =>
        folds(i) && !opened.has(m.id) ? (
          <FoldedMessage key={m.id} m={m} onOpen={() => setOpened((o) => new Set(o).add(m.id))} />
        ) : (
          <Message key={m.id} m={m} target={m.id === target} />
        ),
      )}
    </>
  );
}

function backLink(from: string | undefined, accountId: string, accountName: string, query?: string) {
  if (from === 'today') return { href: '#/today', label: 'Today' };
  if (from?.startsWith('search')) return { href: hrefFor({ name: 'search', q: query ?? '' }), label: 'Search results' };
  if (accountId) return { href: hrefFor({ name: 'account', id: accountId }), label: accountName || 'Account' };
  return { href: '#/today', label: 'Today' };
}

export function ThreadReader({ id, from, messageId, query }: { id: string; from?: string; messageId?: string; query?: string }) {
  // Opened from a search: the words it matched in this thread come with it
  // (stems and all, as the index matched them), so the first paint marks them.
  const q = useQuery(async () => {
    const [thread, matched] = await Promise.all([timeline.thread(id), query ? search.matchedWords(query, id).catch(() => [] as string[]) : Promise.resolve([] as string[])]);
    return { thread, matched };
  }, [id, query]);
  useTitle(q.data ? q.data.thread.subject || '(no subject)' : undefined);
  if (q.error && !q.data) {
    return (
      <>
        <Anchor href={from === 'today' ? '#/today' : '#/accounts'} size="sm" c="dimmed" display="inline-flex" style={{ alignItems: 'center', gap: 4 }} mb={6}>
          <IconArrowLeft size={14} /> Back
        </Anchor>
        <ErrorNote message={q.error} title="This conversation could not be opened" />
      </>
    );
  }
  if (!q.data) return <ListSkeleton rows={4} height={120} />;
  const t = q.data.thread;
  const back = backLink(from, t.accountId, t.accountName, query);
  const words = query ? [...plainWords(query), ...q.data.matched] : [];
  const unparsed = t.messages.filter((m) => m.unparsed).length;
  return (
    <Box>
      <Anchor href={back.href} size="sm" c="dimmed" display="inline-flex" style={{ alignItems: 'center', gap: 4 }} mb={6}>
        <IconArrowLeft size={14} /> {back.label}
      </Anchor>
      <PageHeader
        title={t.subject || '(no subject)'}
        subtitle={
          <Group gap={6}>
            {t.accountId ? (
              <Anchor href={hrefFor({ name: 'account', id: t.accountId })} size="sm" data-testid="thread-account">
                {t.accountName || 'Account'}
              </Anchor>
            ) : (
              <Text size="sm" c="dimmed">
                Not linked to an account
              </Text>
            )}
            <Text size="sm" c="dimmed" className="tabular">
              &middot; {t.messages.length} {t.messages.length === 1 ? 'message' : 'messages'}
            </Text>
          </Group>
        }
      />
      {unparsed > 0 && (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={16} />} mb="md" p="xs">
          <Text size="sm">
            {unparsed === 1 ? 'One message' : `${unparsed} messages`} in this conversation could not be read; the reason is shown on each.
          </Text>
        </Alert>
      )}
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, lg: 9 }}>
          <Stack gap="sm">
            <HighlightWords.Provider value={words}>
              <Messages messages={t.messages} target={messageId} />
            </HighlightWords.Provider>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 3 }}>
          <Aside t={t} />
        </Grid.Col>
      </Grid>
    </Box>
  );
}
