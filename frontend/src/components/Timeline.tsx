import { Box, Paper } from '@mantine/core';
import { useState, type UIEvent } from 'react';
import type { TimelineItem } from '../api';
import { TimelineRow, timelineRowHeight } from './TimelineRow';

/** Above this many items only the visible rows are rendered. */
export const windowThreshold = 200;
const overscan = 8;
const viewportHeight = 600;

export function Timeline({ items, showAccount, from }: { items: TimelineItem[]; showAccount: boolean; from?: string }) {
  if (items.length <= windowThreshold) {
    return (
      <Paper withBorder radius="md" data-testid="timeline">
        {items.map((item) => (
          <TimelineRow key={`${item.kind}:${item.id}`} item={item} showAccount={showAccount} from={from} />
        ))}
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
