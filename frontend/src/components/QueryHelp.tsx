import { ActionIcon, Code, Popover, Stack, Table, Text } from '@mantine/core';
import { IconHelpCircle } from '@tabler/icons-react';

const rows: [string, string][] = [
  ['pricing renewal', 'both words, anywhere'],
  ['"calibration certificates"', 'the exact phrase'],
  ['renewal -draft', 'without a word'],
  ['quote OR offer', 'either word'],
  ['from:anna  to:bob', 'sender or recipient (name or address)'],
  ['account:globex  person:maria', 'one account or person'],
  ['subject:renewal', 'in the subject only'],
  ['after:2025-03  before:30d', 'dates: 2025, 2025-03, 2025-03-01, or 30d 2w 6m 1y ago'],
  ['has:attachment', 'mail with files'],
  ['kind:call', 'email, note, call, meeting or visit'],
  ['is:sent  is:received', 'mail I sent or got; also is:internal, is:private, is:shared'],
  ['in:inbox', 'mail in a folder of the mail server'],
  ['channel:phone', 'email, phone, in-person or note'],
];

/** The query language in a compact popover beside the search box. */
export function QueryHelp() {
  return (
    <Popover width={430} position="bottom-end" shadow="md" withArrow>
      <Popover.Target>
        <ActionIcon variant="subtle" color="gray" aria-label="How to search" data-testid="query-help">
          <IconHelpCircle size={18} />
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Text size="sm" fw={600}>
            How to search
          </Text>
          <Table withRowBorders={false} verticalSpacing={2} horizontalSpacing={6} fz="xs">
            <Table.Tbody>
              {rows.map(([q, what]) => (
                <Table.Tr key={q}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Code fz="xs">{q}</Code>
                  </Table.Td>
                  <Table.Td c="dimmed">{what}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="xs" c="dimmed">
            Only whole words match: the index is encrypted, so there is no prefix or fuzzy search (&ldquo;renew&rdquo; does not find
            &ldquo;renewal&rdquo;). Names of accounts and people complete as you type in the Ctrl+K palette.
          </Text>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
