import { Box, Paper, Text } from '@mantine/core';
import { Fragment, useLayoutEffect, useRef } from 'react';
import { dayBucket } from '../lib/time';
import { useState, type UIEvent } from 'react';
import type { TimelineItem } from '../api';
import { TimelineRow, timelineRowHeight } from './TimelineRow';
import rowClasses from './TimelineRow.module.css';

/** Above this many items only the visible rows are rendered. */
export const windowThreshold = 200;
const overscan = 8;
// Until the list is measured, assume a tall window so nothing is missing.
const assumedHeight = 1200;

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
  const ref = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: assumedHeight });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setView({ top: el.scrollTop, height: el.clientHeight || assumedHeight });
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, []);
  const start = Math.max(0, Math.floor(view.top / timelineRowHeight) - overscan);
  const end = Math.min(items.length, Math.ceil((view.top + view.height) / timelineRowHeight) + overscan);
  return (
    <Paper
      ref={ref}
      withBorder
      radius="md"
      data-testid="timeline"
      data-windowed="true"
      // Fills the window below the page header; the list scrolls inside.
      style={{ height: 'max(360px, calc(100vh - 230px))', overflowY: 'auto', position: 'relative' }}
      onScroll={(e: UIEvent<HTMLDivElement>) =>
        setView({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight || assumedHeight })
      }
    >
      <Box style={{ height: items.length * timelineRowHeight, position: 'relative' }}>
        {items.slice(start, end).map((item, i) => (
          <Box
            key={`${item.kind}:${item.id}`}
            className={rowClasses.windowCell}
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
