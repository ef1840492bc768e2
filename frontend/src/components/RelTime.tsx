import { Text, Tooltip, type TextProps } from '@mantine/core';
import { useEffect, useState } from 'react';
import { fullDateTime, relativeTime } from '../lib/time';

// One shared clock so a list of a thousand times re-renders once a minute,
// not a thousand timers.
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function useMinuteTick(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const tick = () => setNow(Date.now());
    listeners.add(tick);
    if (!timer) timer = setInterval(() => listeners.forEach((l) => l()), 60_000);
    return () => {
      listeners.delete(tick);
      if (listeners.size === 0 && timer) {
        clearInterval(timer);
        timer = undefined;
      }
    };
  }, []);
  return now;
}

export function RelTime({ at, ...props }: { at: number } & TextProps) {
  const now = useMinuteTick();
  if (!at) {
    return (
      <Text span c="dimmed" {...props}>
        never
      </Text>
    );
  }
  return (
    <Tooltip label={fullDateTime(at)} openDelay={400} withinPortal>
      <Text span className="tabular" style={{ whiteSpace: 'nowrap' }} {...props}>
        {relativeTime(at, now)}
      </Text>
    </Tooltip>
  );
}
