import { Alert, Button, Center, Skeleton, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, type Icon } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/** A list that is empty for a reason, said in one sentence. */
export function EmptyState({ icon: I, title, children }: { icon: Icon; title: string; children?: ReactNode }) {
  return (
    <Center py={48} px="md">
      <Stack align="center" gap={6} maw={380}>
        <ThemeIcon variant="light" color="gray" size={44} radius="xl">
          <I size={24} stroke={1.5} />
        </ThemeIcon>
        <Text fw={600}>{title}</Text>
        {children && (
          <Text c="dimmed" size="sm" ta="center">
            {children}
          </Text>
        )}
      </Stack>
    </Center>
  );
}

export function ErrorNote({ title = 'Could not load this', message, onRetry }: { title?: string; message: string; onRetry?: () => void }) {
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={title} role="alert">
      <Text size="sm">{message}</Text>
      {onRetry && (
        <Button size="xs" variant="light" color="red" mt="sm" onClick={onRetry}>
          Try again
        </Button>
      )}
    </Alert>
  );
}

export function ListSkeleton({ rows = 8, height = 44 }: { rows?: number; height?: number }) {
  return (
    <Stack gap={6} aria-busy="true" aria-label="Loading">
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} height={height} radius="sm" />
      ))}
    </Stack>
  );
}
