import { Spotlight, type SpotlightActionData, type SpotlightActionGroupData } from '@mantine/spotlight';
import { IconBuilding, IconMoon, IconPlus, IconSearch } from '@tabler/icons-react';
import { useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { useState } from 'react';
import { accounts as accountsApi, type AccountSummary } from '../api';
import { navigate, type Route } from '../lib/router';
import { useUi } from '../state/ui';
import { screens } from './Nav';

/**
 * The Ctrl/Cmd+K palette: screens, accounts and actions in one list. The
 * shortcut itself is handled by the app's shortcut table, not by Spotlight.
 */
export function CommandPalette() {
  const ui = useUi();
  const [accountList, setAccountList] = useState<AccountSummary[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');

  const load = () => {
    accountsApi.list('').then(
      (list) => {
        setAccountList(list);
        setLoadError(null);
      },
      (e: Error) => setLoadError(e.message),
    );
  };

  const actions: (SpotlightActionGroupData | SpotlightActionData)[] = [
    {
      group: 'Screens',
      actions: screens.map((s) => ({
        id: `screen:${s.name}`,
        label: s.label,
        description: `Go to ${s.label}`,
        leftSection: <s.icon size={18} stroke={1.6} />,
        onClick: () => navigate(s.name === 'search' ? { name: 'search', q: '' } : ({ name: s.name } as Route)),
      })),
    },
    {
      group: 'Actions',
      actions: [
        {
          id: 'action:capture',
          label: 'Log an activity',
          description: 'Quick capture a note, call, meeting or visit',
          leftSection: <IconPlus size={18} stroke={1.6} />,
          onClick: () => ui.openCapture(),
        },
        {
          id: 'action:theme',
          label: scheme === 'dark' ? 'Use light theme' : 'Use dark theme',
          description: 'Switch the colour theme',
          leftSection: <IconMoon size={18} stroke={1.6} />,
          onClick: () => setColorScheme(scheme === 'dark' ? 'light' : 'dark'),
        },
        {
          id: 'action:search',
          label: 'Search accounts and people',
          leftSection: <IconSearch size={18} stroke={1.6} />,
          onClick: () => navigate({ name: 'search', q: '' }),
        },
      ],
    },
    {
      group: 'Accounts',
      actions: accountList.map((a) => ({
        id: `account:${a.id}`,
        label: a.name,
        description: a.domains.join(', '),
        keywords: a.domains,
        leftSection: <IconBuilding size={18} stroke={1.6} />,
        onClick: () => navigate({ name: 'account', id: a.id }),
      })),
    },
  ];

  return (
    <Spotlight
      actions={actions}
      shortcut={null}
      limit={9}
      onSpotlightOpen={load}
      nothingFound={loadError ? `Accounts could not be loaded: ${loadError}` : 'Nothing matches. Try a shorter word.'}
      searchProps={{ placeholder: 'Go to a screen, an account, or run an action', leftSection: <IconSearch size={18} /> }}
      highlightQuery
    />
  );
}
