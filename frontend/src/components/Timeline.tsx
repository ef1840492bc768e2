import { Box, Paper, Text } from '@mantine/core';
import { Fragment } from 'react';
import { dayBucket } from '../lib/time';
import { useState, type UIEvent } from 'react';
import type { TimelineItem } from '../api';
import { TimelineRow, timelineRowHeight } from './TimelineRow';

/** Above this many items only the visible rows are rendered. */
export const windowThreshold = 200;
const overscan = 8;
const viewportHeight = 600;

export function Timeline({
  items,
  showAccount,
  from,
  groupByDay,
}: {
  items: TimelineItem[];
  showAccount: boolean;
  from?: string;
  /** Put "Today", "Yesterday"... headings between rows (short lists only). */
  groupByDay?: boolean;
}) {
  if (items.length <= windowThreshold) {
    const now = Date.now();
    return (
      <Paper withBorder radius="md" data-testid="timeline" style={{ overflow: 'hidden' }}>
        {items.map((item, i) => {
          const bucket = groupByDay ? dayBucket(item.at, now) : '';
          const heading = groupByDay && (i === 0 || dayBucket(items[i - 1].at, now) !== bucket);
          return (
            <Fragment key={`${item.kind}:${item.id}`}>
              {heading && <DayHeading label={bucket} />}
              <TimelineRow item={item} showAccount={showAccount} from={from} />
            </Fragment>
          );
        })}
      </Paper>
    );
  }
  return <WindowedTimeline items={items} showAccount={showAccount} from={from} />;
}

function WindowedTimeline({ items, showAccount, from }: { items: TimelineItem[]; showAccount: boolean; from?: string }) {
  const [scrollTop, setScrollTop] = useState(0);
  const start = Math.max(0, Math.floor(scrollTop / timelineRowHeight) - overscan);
  const end = Math.min(items.length, Math.ceil((scrollTop + viewportHeight) / timelineRowHeight) + overscan);
  return (
    <Paper
      withBorder
      radius="md"
      data-testid="timeline"
      data-windowed="true"
      style={{ height: viewportHeight, overflowY: 'auto', position: 'relative' }}
      onScroll={(e: UIEvent<HTMLDivElement>) => setScrollTop(e.currentTarget.scrollTop)}
    >
      <Box style={{ height: items.length * timelineRowHeight, position: 'relative' }}>
        {items.slice(start, end).map((item, i) => (
          <Box
            key={`${item.kind}:${item.id}`}
            style={{ position: 'absolute', top: (start + i) * timelineRowHeight, left: 0, right: 0 }}
          >
            <TimelineRow item={item} showAccount={showAccount} from={from} />
          </Box>
        ))}
      </Box>
    </Paper>
  );
}

function DayHeading({ label }: { label: string }) {
  return (
    <Text
      size="xs"
      fw={600}
      c="dimmed"
      px="sm"
      py={4}
      data-testid="day-heading"
      style={{
        background: 'var(--mantine-color-default-hover)',
        borderBottom: '1px solid var(--mantine-color-default-border)',
        letterSpacing: '0.02em',
      }}
    >
      {label}
    </Text>
  );
}
