import { Group, Text } from '@mantine/core';

/** The Parley mark: two overlapping speech bubbles, one answering the other. */
export function LogoMark({ size = 24 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" role="img">
      <rect x="2" y="3" width="20" height="16" rx="5" fill="var(--mantine-color-indigo-6)" />
      <path d="M7 19 L7 25 L13 19 Z" fill="var(--mantine-color-indigo-6)" />
      <rect x="11" y="11" width="19" height="14" rx="5" fill="var(--mantine-color-teal-5)" opacity="0.92" />
      <path d="M25 25 L25 30 L20 25 Z" fill="var(--mantine-color-teal-5)" opacity="0.92" />
      <rect x="15" y="16" width="11" height="2" rx="1" fill="white" />
      <rect x="15" y="20" width="7" height="2" rx="1" fill="white" />
    </svg>
  );
}

export function Logo() {
  return (
    <Group gap={8} wrap="nowrap">
      <LogoMark />
      <Text fw={700} fz="lg" style={{ letterSpacing: '-0.02em' }}>
        Parley
      </Text>
    </Group>
  );
}
