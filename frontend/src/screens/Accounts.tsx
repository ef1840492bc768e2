import { Badge, Group, Paper, Table, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconBuilding, IconChevronDown, IconChevronUp, IconSearch } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { accounts, type AccountSummary } from '../api';
import { PageHeader } from '../components/PageHeader';
import { RelTime } from '../components/RelTime';
import { EmptyState, ErrorNote, ListSkeleton } from '../components/States';
import { hrefFor, navigate } from '../lib/router';
import { formatCount } from '../lib/time';
import { useQuery } from '../state/useQuery';
import classes from './Accounts.module.css';
import { useTitle } from '../lib/useTitle';

type SortKey = 'name' | 'lastAt' | 'threadCount' | 'contactCount';

function sortAccounts(list: AccountSummary[], key: SortKey, desc: boolean): AccountSummary[] {
  const out = [...list].sort((a, b) => {
    const r = key === 'name' ? a.name.localeCompare(b.name) : (a[key] as number) - (b[key] as number);
    return desc ? -r : r;
  });
  return out;
}

function SortHeader({ label, k, sort, onSort, numeric }: { label: string; k: SortKey; sort: { key: SortKey; desc: boolean }; onSort: (k: SortKey) => void; numeric?: boolean }) {
  const active = sort.key === k;
  const Icon = sort.desc ? IconChevronDown : IconChevronUp;
  return (
    <Table.Th style={{ textAlign: numeric ? 'right' : undefined, whiteSpace: 'nowrap' }}>
      <UnstyledButton onClick={() => onSort(k)} className={classes.sort} aria-sort={active ? (sort.desc ? 'descending' : 'ascending') : undefined}>
        <Group gap={4} wrap="nowrap" justify={numeric ? 'flex-end' : undefined}>
          <Text size="xs" fw={600} c={active ? undefined : 'dimmed'}>
            {label}
          </Text>
          {active && <Icon size={12} />}
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}

export function Accounts() {
  useTitle('Accounts');
  const [filter, setFilter] = useState('');
  const [debounced] = useDebouncedValue(filter.trim(), 150);
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'lastAt', desc: true });
  const q = useQuery(() => accounts.list(debounced), [debounced]);
  const rows = useMemo(() => (q.data ? sortAccounts(q.data, sort.key, sort.desc) : []), [q.data, sort]);
  const onSort = (key: SortKey) => setSort((s) => (s.key === key ? { key, desc: !s.desc } : { key, desc: key !== 'name' }));

  return (
    <>
      <PageHeader
        title="Accounts"
        subtitle={q.data ? `${formatCount(q.data.length)} ${debounced ? 'matching' : 'customers and prospects'}` : 'Customers and prospects'}
        right={
          <TextInput
            placeholder="Filter by name or domain"
            leftSection={<IconSearch size={16} />}
            value={filter}
            onChange={(e) => setFilter(e.currentTarget.value)}
            w={280}
            aria-label="Filter accounts"
            data-testid="accounts-filter"
          />
        }
      />
      {q.error && !q.data ? (
        <ErrorNote message={q.error} title="Accounts could not be loaded" />
      ) : !q.data ? (
        <ListSkeleton rows={12} height={36} />
      ) : rows.length === 0 ? (
        <Paper withBorder radius="md">
          <EmptyState icon={IconBuilding} title={debounced ? 'No account matches' : 'No accounts yet'}>
            {debounced
              ? `Nothing is called "${debounced}" and no domain contains it.`
              : 'Accounts appear as Parley reads mail from customer domains.'}
          </EmptyState>
        </Paper>
      ) : (
        <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
          <Table highlightOnHover verticalSpacing={7} horizontalSpacing="md" className={classes.table} data-testid="accounts-table">
            <Table.Thead>
              <Table.Tr>
                <SortHeader label="Name" k="name" sort={sort} onSort={onSort} />
                <Table.Th>
                  <Text size="xs" fw={600} c="dimmed">
                    Domains
                  </Text>
                </Table.Th>
                <SortHeader label="Last interaction" k="lastAt" sort={sort} onSort={onSort} />
                <SortHeader label="Conversations" k="threadCount" sort={sort} onSort={onSort} numeric />
                <SortHeader label="People" k="contactCount" sort={sort} onSort={onSort} numeric />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((a) => (
                <Table.Tr key={a.id} className={classes.row} onClick={() => navigate({ name: 'account', id: a.id })}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <a href={hrefFor({ name: 'account', id: a.id })} className={classes.name} onClick={(e) => e.stopPropagation()}>
                        {a.name}
                      </a>
                      {a.journey && (
                        <Badge size="xs" variant="light" radius="sm" color="indigo">
                          {a.journey}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed" lineClamp={1}>
                      {a.domains.join(', ')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <RelTime at={a.lastAt} size="sm" />
                  </Table.Td>
                  <Table.Td ta="right" className="tabular">
                    {formatCount(a.threadCount)}
                  </Table.Td>
                  <Table.Td ta="right" className="tabular">
                    {formatCount(a.contactCount)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </>
  );
}
