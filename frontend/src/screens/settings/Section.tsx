import { Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** One titled card of the Settings screen. */
export function Section({
  title,
  description,
  children,
  id,
  action,
}: {
  title: string;
  description?: ReactNode;
  children: ReactNode;
  id?: string;
  action?: ReactNode;
}) {
  return (
    <Paper withBorder radius="md" p="lg" id={id} data-testid={id ? `section-${id}` : undefined}>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 'var(--mantine-spacing-md)', alignItems: 'flex-start' }}>
        <div style={{ minWidth: 0 }}>
          <Title order={3} fz="md" fw={650}>
            {title}
          </Title>
          {description && (
            <Text size="sm" c="dimmed" mt={2}>
              {description}
            </Text>
          )}
        </div>
        {action}
      </div>
      <Stack gap="sm" mt="md">
        {children}
      </Stack>
    </Paper>
  );
}
