import { Button, Group, Menu, NativeSelect, ScrollArea, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconMailOff } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { errorMessage, mailImport, type LeftOutItem } from '../../api';
import { EmptyState, ErrorNote, ListSkeleton } from '../../components/States';
import { fullDateTime, shortDate } from '../../lib/time';
import { sentence } from '../../lib/text';
import { useStatus } from '../../state/status';
import { useQuery } from '../../state/useQuery';
import { Section } from './Section';
import { reasonColor, reasonCounts, senderDomain } from './leftOut';

/** How many of the newest left-out messages are listed. */
export const leftOutLimit = 200;

function IncludeMenu({ item, onInclude }: { item: LeftOutItem; onInclude: (what: string) => void }) {
  const domain = senderDomain(item.address);
  return (
    <Menu position="bottom-end" withinPortal shadow="md">
      <Menu.Target>
        <Button size="compact-xs" variant="subtle" rightSection={<IconChevronDown size={12} />} aria-label={`Include mail from ${item.address}`}>
          Include
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Count as customer history from now on</Menu.Label>
        <Menu.Item onClick={() => onInclude(item.address)}>
          Always include this sender
          <Text size="xs" c="dimmed">
            {item.address}
          </Text>
        </Menu.Item>
        {domain && (
          <Menu.Item onClick={() => onInclude(domain)}>
            Always include this domain
            <Text size="xs" c="dimmed">
              Everyone at {domain}
            </Text>
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}

/** Settings → Left out: the newest mail kept out of customer history, and why. */
export function LeftOutList() {
  const { bump } = useStatus();
  const items = useQuery(() => mailImport.leftOut(leftOutLimit), []);
  const [reason, setReason] = useState('');
  const counts = useMemo(() => reasonCounts(items.data ?? []), [items.data]);
  const shown = useMemo(() => (items.data ?? []).filter((i) => !reason || i.reason === reason), [items.data, reason]);

  const include = async (what: string) => {
    try {
      await mailImport.override(what, true);
      notifications.show({ title: 'Included', message: `Mail with ${what} now counts as customer history.`, color: 'teal' });
      bump();
    } catch (e) {
      notifications.show({ title: 'Not changed', message: errorMessage(e), color: 'red' });
    }
  };

  const total = items.data?.length ?? 0;
  return (
    <Section
      id="left-out"
      title="Left out of customer history"
      description={`The newest ${leftOutLimit} messages Parley kept out, and why. Include a sender or a domain if it belongs.`}
    >
      {items.error && !items.data ? (
        <ErrorNote title="The left-out list could not be loaded" message={items.error} />
      ) : !items.data ? (
        <ListSkeleton rows={4} height={36} />
      ) : total === 0 ? (
        <EmptyState icon={IconMailOff} title="Nothing left out">
          Every imported message so far counts as customer history.
        </EmptyState>
      ) : (
        <>
          <Group justify="space-between" align="flex-end">
            <NativeSelect
              label="Reason"
              size="xs"
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              data={[{ value: '', label: `All reasons (${total})` }, ...counts.map(([r, n]) => ({ value: r, label: `${sentence(r)} (${n})` }))]}
              data-testid="leftout-filter"
              w={300}
            />
            <Text size="xs" c="dimmed" className="tabular">
              {shown.length} shown
            </Text>
          </Group>
          <ScrollArea.Autosize mah={460} type="auto" offsetScrollbars>
            <Table verticalSpacing={6} fz="sm" highlightOnHover stickyHeader data-testid="leftout-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>From</Table.Th>
                  <Table.Th>Subject</Table.Th>
                  <Table.Th>Date</Table.Th>
                  <Table.Th>Reason</Table.Th>
                  <Table.Th w={90}>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((i) => (
                  <Table.Tr key={i.id} data-testid="leftout-row">
                    <Table.Td maw={220}>
                      <Text size="sm" truncate>
                        {i.from || i.address}
                      </Text>
                      {i.from && i.from !== i.address && (
                        <Text size="xs" c="dimmed" truncate>
                          {i.address}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td maw={280}>
                      <Text size="sm" truncate c={i.subject ? undefined : 'dimmed'}>
                        {i.subject || '(no subject)'}
                      </Text>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Tooltip label={fullDateTime(i.date)} openDelay={400}>
                        <Text size="sm" c="dimmed" className="tabular" span>
                          {shortDate(i.date)}
                        </Text>
                      </Tooltip>
                    </Table.Td>
                    <Table.Td miw={150}>
                      <Group gap={6} wrap="nowrap" align="baseline">
                        <span
                          aria-hidden
                          style={{ width: 8, height: 8, borderRadius: 4, flexShrink: 0, background: `var(--mantine-color-${reasonColor(i.reason)}-6)` }}
                        />
                        <Text size="xs" data-testid="leftout-reason">
                          {sentence(i.reason) || 'Not a customer'}
                        </Text>
                      </Group>
                    </Table.Td>
                    <Table.Td ta="right">{i.address && <IncludeMenu item={i} onInclude={(w) => void include(w)} />}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
        </>
      )}
    </Section>
  );
}
