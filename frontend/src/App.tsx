import { Alert, AppShell, Box, Button, Center, Group, Loader, Stack, Text } from '@mantine/core';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { useMemo, useState } from 'react';
import { CommandPalette, palette } from './components/CommandPalette';
import { Nav } from './components/Nav';
import { QuickCapture } from './components/QuickCapture';
import { StatusBar } from './components/StatusBar';
import { navigate, useRoute, type Route } from './lib/router';
import type { Shortcut } from './lib/shortcuts';
import { useShortcuts } from './lib/useShortcuts';
import { AccountPage } from './screens/AccountPage';
import { Accounts } from './screens/Accounts';
import { Broken, FirstRun, Locked } from './screens/Gate';
import { Search } from './screens/Search';
import { Settings } from './screens/Settings';
import { ThreadReader } from './screens/ThreadReader';
import { Today } from './screens/Today';
import { useStatus } from './state/status';
import { UiContext, type UiActions } from './state/ui';
import type { Status } from './api';

const screenRoutes: Route[] = [{ name: 'today' }, { name: 'accounts' }, { name: 'search', q: '' }, { name: 'settings' }];

function Screen({ route, status }: { route: Route; status: Status }) {
  switch (route.name) {
    case 'today':
      return <Today status={status} />;
    case 'accounts':
      return <Accounts />;
    case 'account':
      return <AccountPage key={route.id} id={route.id} />;
    case 'thread':
      return <ThreadReader key={route.id} id={route.id} from={route.from} messageId={route.m} query={route.q} />;
    case 'search':
      return <Search initial={route.q} />;
    case 'settings':
      return <Settings status={status} />;
  }
}

export function App() {
  const { status, error, setStatus, refresh, bump } = useStatus();
  const route = useRoute();
  const [capture, setCapture] = useState<{ open: boolean; accountId?: string }>({ open: false });
  const [skipFirstRun, setSkipFirstRun] = useState(false);
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');

  const currentAccount = route.name === 'account' ? route.id : undefined;
  const ui: UiActions = useMemo(
    () => ({
      openCapture: (accountId?: string) => {
        palette.close();
        setCapture({ open: true, accountId });
      },
      openPalette: () => palette.open(),
    }),
    [],
  );

  const ready = status?.state === 'open' && (!status.firstRun || skipFirstRun);
  const go = (i: number) => () => ready && navigate(screenRoutes[i]);
  const shortcuts: Shortcut[] = [
    { keys: 'mod+k', inInputs: true, run: () => ready && !capture.open && palette.toggle() },
    { keys: 'alt+1', inInputs: true, run: go(0) },
    { keys: 'alt+2', inInputs: true, run: go(1) },
    { keys: 'alt+3', inInputs: true, run: go(2) },
    { keys: 'alt+4', inInputs: true, run: go(3) },
    { keys: 'g t', run: go(0) },
    { keys: 'g a', run: go(1) },
    { keys: 'g s', run: go(2) },
    { keys: 'g ,', run: go(3) },
    {
      // On the search screen / focuses its box (keeping the query); elsewhere it opens search.
      keys: '/',
      run: (e) => {
        const box = document.querySelector<HTMLInputElement>('[data-search-box]');
        if (box) {
          e.preventDefault();
          box.focus();
          box.select();
        } else go(2)();
      },
    },
    { keys: 'n', run: () => ready && !capture.open && ui.openCapture(currentAccount) },
    { keys: 'shift+d', run: () => setColorScheme(scheme === 'dark' ? 'light' : 'dark') },
    {
      // Dialogs close themselves on Esc; with none open, Esc leaves a thread.
      keys: 'escape',
      run: () => {
        if (capture.open || document.querySelector('[role="dialog"]')) return;
        if (route.name === 'thread') history.back();
      },
    },
  ];
  useShortcuts(shortcuts);

  if (!status) {
    if (error) return <Broken message={error} onRetry={() => void refresh()} />;
    return (
      <Center h="100vh">
        <Stack align="center" gap="xs">
          <Loader size="sm" />
          <Text size="sm" c="dimmed">
            Opening your workspace
          </Text>
        </Stack>
      </Center>
    );
  }
  if (status.state === 'locked') return <Locked status={status} onStatus={setStatus} />;
  if (status.state === 'error') return <Broken message={status.message || 'The workspace reported an error.'} onRetry={() => void refresh()} />;
  if (status.firstRun && !skipFirstRun) {
    return (
      <FirstRun
        onStatus={(s) => {
          setStatus(s);
          bump();
        }}
        onAddAccount={() => {
          setSkipFirstRun(true);
          navigate({ name: 'settings' });
        }}
      />
    );
  }

  return (
    <UiContext.Provider value={ui}>
      <AppShell navbar={{ width: 228, breakpoint: 0 }} footer={{ height: 30 }} padding="lg">
        <AppShell.Navbar>
          <Nav route={route} />
        </AppShell.Navbar>
        <AppShell.Main>
          {error && (
            <Alert color="red" variant="light" mb="md" icon={<IconPlugConnectedX size={18} />} data-testid="connection-lost" maw={1400} mx="auto">
              <Group justify="space-between" wrap="nowrap">
                <Text size="sm">{error} What you see may be out of date.</Text>
                <Button size="xs" variant="light" color="red" onClick={() => void refresh()}>
                  Try again
                </Button>
              </Group>
            </Alert>
          )}
          <Box maw={1400} mx="auto" data-testid={`screen-${route.name}`}>
            <Screen route={route} status={status} />
          </Box>
        </AppShell.Main>
        <AppShell.Footer>
          <StatusBar status={status} />
        </AppShell.Footer>
      </AppShell>
      <CommandPalette />
      <QuickCapture opened={capture.open} accountId={capture.accountId} onClose={() => setCapture({ open: false })} />
    </UiContext.Provider>
  );
}
