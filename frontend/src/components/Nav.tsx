import { ActionIcon, Box, Button, Group, Kbd, NavLink, Stack, Text, Tooltip, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { IconBuilding, IconCommand, IconMoon, IconPlus, IconSearch, IconSettings, IconSun, IconSunrise } from '@tabler/icons-react';
import { hrefFor, type Route } from '../lib/router';
import { useUi } from '../state/ui';
import { Logo } from './Logo';

export const screens = [
  { name: 'today', label: 'Today', icon: IconSunrise, keys: 'g t' },
  { name: 'accounts', label: 'Accounts', icon: IconBuilding, keys: 'g a' },
  { name: 'search', label: 'Search', icon: IconSearch, keys: 'g s' },
  { name: 'settings', label: 'Settings', icon: IconSettings, keys: 'g ,' },
] as const;

function activeScreen(route: Route): string {
  if (route.name === 'account') return 'accounts';
  if (route.name === 'thread') return route.from?.startsWith('account:') ? 'accounts' : route.from?.startsWith('search') ? 'search' : 'today';
  return route.name;
}

export const modKey = /mac/i.test(typeof navigator !== 'undefined' ? navigator.platform : '') ? 'Cmd' : 'Ctrl';

export function ThemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light');
  const next = computed === 'dark' ? 'light' : 'dark';
  return (
    <Tooltip label={`Switch to ${next} theme`}>
      <ActionIcon
        variant="default"
        size="lg"
        aria-label={`Switch to ${next} theme`}
        data-testid="theme-toggle"
        onClick={() => setColorScheme(next)}
      >
        {computed === 'dark' ? <IconSun size={18} /> : <IconMoon size={18} />}
      </ActionIcon>
    </Tooltip>
  );
}

export function Nav({ route }: { route: Route }) {
  const ui = useUi();
  const active = activeScreen(route);
  return (
    <Stack h="100%" justify="space-between" p="sm" gap="sm">
      <Stack gap="md">
        <Box px={6} pt={4}>
          <Logo />
        </Box>
        <Button
          leftSection={<IconPlus size={16} />}
          onClick={() => ui.openCapture()}
          fullWidth
          justify="space-between"
          rightSection={<Kbd size="xs">N</Kbd>}
          data-testid="capture-button"
        >
          Log activity
        </Button>
        <Stack gap={2} component="nav" aria-label="Screens">
          {screens.map((s, i) => (
            <NavLink
              key={s.name}
              href={hrefFor(s.name === 'search' ? { name: 'search', q: '' } : ({ name: s.name } as Route))}
              label={s.label}
              active={active === s.name}
              aria-current={active === s.name ? 'page' : undefined}
              leftSection={<s.icon size={18} stroke={1.7} />}
              rightSection={
                <Text size="xs" c="dimmed" className="tabular">
                  Alt {i + 1}
                </Text>
              }
              variant="light"
              style={{ borderRadius: 'var(--mantine-radius-md)' }}
            />
          ))}
        </Stack>
      </Stack>
      <Group justify="space-between" wrap="nowrap">
        <Button
          variant="default"
          size="xs"
          leftSection={<IconCommand size={14} />}
          onClick={() => ui.openPalette()}
          rightSection={<Kbd size="xs">{modKey} K</Kbd>}
          data-testid="palette-button"
        >
          Go to
        </Button>
        <ThemeToggle />
      </Group>
    </Stack>
  );
}
