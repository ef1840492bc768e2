import { Anchor, Badge, Grid, Group, Paper, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconBuilding, IconSearch, IconUser } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { accounts, contacts } from '../api';
import { PageHeader } from '../components/PageHeader';
import { RelTime } from '../components/RelTime';
import { EmptyState, ErrorNote, ListSkeleton } from '../components/States';
import { hrefFor, replaceRoute } from '../lib/router';
import { useQuery } from '../state/useQuery';
import classes from './Search.module.css';
import { useTitle } from '../lib/useTitle';

function Section({ title, count, children }: { title: string; count?: number; children: React.ReactNode }) {
  return (
    <Stack gap="xs">
      <Group gap={6}>
        <Text size="xs" fw={600} tt="uppercase" c="dimmed" style={{ letterSpacing: '0.04em' }}>
          {title}
        </Text>
        {count !== undefined && (
          <Badge size="xs" variant="default" radius="sm" className="tabular">
            {count}
          </Badge>
        )}
      </Group>
      {children}
    </Stack>
  );
}

/**
 * Finds accounts and people by name, domain or address. Full-text search
 * over mail and notes arrives with the search index.
 */
export function Search({ initial }: { initial: string }) {
  useTitle('Search');
  const [text, setText] = useState(initial);
  const [q] = useDebouncedValue(text.trim(), 200);
  useEffect(() => replaceRoute({ name: 'search', q }), [q]);
  const acc = useQuery(() => (q ? accounts.list(q) : Promise.resolve([])), [q]);
  const ppl = useQuery(() => (q ? contacts.list(q) : Promise.resolve([])), [q]);

  return (
    <>
      <PageHeader title="Search" subtitle="Accounts and people by name, domain or email address" />
      <TextInput
        size="md"
        placeholder="Type a company, a person or an address"
        leftSection={<IconSearch size={18} />}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        autoFocus
        mb="lg"
        aria-label="Search"
        data-testid="search-input"
      />
      {!q ? (
        <EmptyState icon={IconSearch} title="Search your accounts and people">
          Start typing to find an account by name or domain, or a person by name or address.
        </EmptyState>
      ) : (
        <Grid gutter="lg">
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Section title="Accounts" count={acc.data?.length}>
              {acc.error ? (
                <ErrorNote message={acc.error} />
              ) : !acc.data ? (
                <ListSkeleton rows={4} />
              ) : acc.data.length === 0 ? (
                <Text size="sm" c="dimmed">
                  No account matches &ldquo;{q}&rdquo;.
                </Text>
              ) : (
                <Paper withBorder radius="md" data-testid="search-accounts">
                  {acc.data.map((a) => (
                    <UnstyledButton key={a.id} component="a" href={hrefFor({ name: 'account', id: a.id })} className={classes.row}>
                      <Group gap="sm" wrap="nowrap" style={{ flex: 1, minWidth: 0 }}>
                        <IconBuilding size={18} stroke={1.6} />
                        <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
                          <Text size="sm" fw={600} truncate>
                            {a.name}
                          </Text>
                          <Text size="xs" c="dimmed" truncate>
                            {a.domains.join(', ')}
                          </Text>
                        </Stack>
                        <RelTime at={a.lastAt} size="xs" c="dimmed" />
                      </Group>
                    </UnstyledButton>
                  ))}
                </Paper>
              )}
            </Section>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Section title="People" count={ppl.data?.length}>
              {ppl.error ? (
                <ErrorNote message={ppl.error} />
              ) : !ppl.data ? (
                <ListSkeleton rows={4} />
              ) : ppl.data.length === 0 ? (
                <Text size="sm" c="dimmed">
                  No person matches &ldquo;{q}&rdquo;.
                </Text>
              ) : (
                <Paper withBorder radius="md" data-testid="search-people">
                  {ppl.data.map((c) => (
                    <Group key={c.id} gap="sm" wrap="nowrap" className={classes.row}>
                      <IconUser size={18} stroke={1.6} />
                      <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
                        <Text size="sm" fw={600} truncate>
                          {c.name || c.addresses[0]}
                          {c.title && (
                            <Text span size="xs" c="dimmed" fw={400}>
                              {' '}
                              &middot; {c.title}
                            </Text>
                          )}
                        </Text>
                        <Text size="xs" c="dimmed" truncate>
                          {c.addresses.join(', ')}
                          {c.accountId && (
                            <>
                              {' '}
                              at{' '}
                              <Anchor href={hrefFor({ name: 'account', id: c.accountId })} inherit>
                                {c.accountName}
                              </Anchor>
                            </>
                          )}
                        </Text>
                      </Stack>
                      <RelTime at={c.lastAt} size="xs" c="dimmed" />
                    </Group>
                  ))}
                </Paper>
              )}
            </Section>
          </Grid.Col>
        </Grid>
      )}
      {q && (
        <Text size="xs" c="dimmed" mt="xl">
          Searching inside mail and notes is not available yet; it arrives with the search index.
        </Text>
      )}
    </>
  );
}

