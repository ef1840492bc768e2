import { Badge, Box, Group, Text, UnstyledButton } from '@mantine/core';
import type { TimelineItem } from '../api';
import { hrefFor } from '../lib/router';
import { KindIcon, kindLabel } from './KindIcon';
import { RelTime } from './RelTime';
import classes from './TimelineRow.module.css';

export const timelineRowHeight = 60;

/**
 * One conversation or activity in a dense list. Emails link to the thread
 * reader; notes and other activities show their text in place.
 */
export function TimelineRow({ item, showAccount, from }: { item: TimelineItem; showAccount: boolean; from?: string }) {
  const isEmail = item.kind === 'email';
  const people = item.people.join(', ');
  // A one-line note has the same title and snippet: show it once.
  const snippet = item.snippet.trim() === item.title.trim() ? '' : item.snippet;
  const content = (
    <Group gap="sm" wrap="nowrap" align="center" h={timelineRowHeight} px="sm">
      <KindIcon kind={item.kind} direction={item.direction} />
      <Box style={{ flex: 1, minWidth: 0 }}>
        <Group gap={6} wrap="nowrap">
          <Text size="sm" fw={600} lineClamp={1} style={{ minWidth: 0 }}>
            {item.title || (isEmail ? '(no subject)' : 'Untitled')}
          </Text>
          {isEmail && item.count > 1 && (
            <Badge size="xs" variant="default" radius="sm" className="tabular" style={{ flexShrink: 0 }}>
              {item.count}
            </Badge>
          )}
        </Group>
        <Text size="xs" c="dimmed" lineClamp={1}>
          {people && (
            <Text span inherit c="var(--mantine-color-text)" fw={500}>
              {people}
            </Text>
          )}
          {showAccount && item.accountName && (
            <Text span inherit>
              {people ? ' at ' : ''}
              {item.accountName}
            </Text>
          )}
          {(people || (showAccount && item.accountName)) && snippet ? ' \u2014 ' : ''}
          {snippet}
          {!people && !(showAccount && item.accountName) && !snippet && kindLabel(item.kind, item.direction)}
        </Text>
      </Box>
      <RelTime at={item.at} size="xs" c="dimmed" />
    </Group>
  );
  if (!isEmail) {
    return (
      <Box className={classes.row} data-kind={item.kind} data-testid="timeline-item" title={item.snippet}>
        {content}
      </Box>
    );
  }
  return (
    <UnstyledButton
      component="a"
      href={hrefFor({ name: 'thread', id: item.id, from })}
      className={classes.row}
      data-kind={item.kind}
      data-testid="timeline-item"
      aria-label={`Open conversation: ${item.title || 'no subject'}`}
    >
      {content}
    </UnstyledButton>
  );
}
