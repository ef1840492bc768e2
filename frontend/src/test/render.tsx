import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { StatusProvider } from '../state/status';
import { theme } from '../theme';

/** Renders inside the same providers as main.tsx. */
export function renderApp(ui: ReactElement) {
  return render(
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications />
      <StatusProvider>{ui}</StatusProvider>
    </MantineProvider>,
  );
}
