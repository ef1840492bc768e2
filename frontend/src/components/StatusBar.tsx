import { Badge, Box, Group, Progress, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCloud, IconCloudOff, IconDownload, IconPlayerPause, IconSearch } from '@tabler/icons-react';
import type { Status } from '../api';
import { importNumbers, importPercent, searchPhrase, syncPhrase } from '../lib/importText';
import { importState } from '../lib/importWords';
import { formatCount } from '../lib/time';
import classes from './StatusBar.module.css';

/** Always visible: connectivity, import progress, team sync, workspace size. */
export function StatusBar({ status }: { status: Status | null }) {
  if (!status) return <Box className={classes.bar} />;
  const imp = status.import;
  const numbers = importNumbers(imp);
  const importNow = importState(imp);
  const importing = importNow.moving && !imp.paused;
  const importError = importNow.key === 'error';
  const c = status.counts;
  const search = searchPhrase(status.search);
  const searchBroken = !!status.search && (!!status.search.error || status.search.state === 'error');
  return (
    <Group className={classes.bar} gap="lg" wrap="nowrap" px="md" justify="space-between" data-testid="status-bar">
      <Group gap="lg" wrap="nowrap" style={{ minWidth: 0 }}>
        <Group gap={6} wrap="nowrap" aria-label={status.online ? 'Online' : 'Offline'}>
          <span className={classes.dot} data-online={status.online} />
          <Text size="xs">{status.online ? 'Online' : 'Offline'}</Text>
        </Group>
        <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }} data-testid="status-import">
          {importError ? (
            <IconAlertTriangle size={14} color="var(--mantine-color-red-6)" />
          ) : imp.paused ? (
            <IconPlayerPause size={14} />
          ) : importNow.key === 'offline' ? (
            <IconCloudOff size={14} />
          ) : (
            <IconDownload size={14} />
          )}
          <Text size="xs" c={importError ? 'red' : undefined} truncate>
            {importNow.words}
          </Text>
          {importing && imp.total > 0 && (
            <Progress value={importPercent(imp)} w={80} size="sm" aria-label="Import progress" />
          )}
          {numbers && (
            <Text size="xs" c="dimmed" className="tabular" style={{ whiteSpace: 'nowrap' }}>
              {numbers}
            </Text>
          )}
        </Group>
        <Tooltip label={status.sync.configured ? 'Team sync' : 'Connect a team server to share history with teammates'}>
          <Group gap={6} wrap="nowrap" data-testid="status-sync">
            {status.sync.configured && !status.sync.error ? <IconCloud size={14} /> : <IconCloudOff size={14} />}
            <Text size="xs" c={status.sync.error ? 'red' : 'dimmed'} truncate>
              {syncPhrase(status.sync)}
            </Text>
          </Group>
        </Tooltip>
        {search && (
          <Group gap={6} wrap="nowrap" data-testid="status-search">
            <IconSearch size={14} />
            <Text size="xs" c={searchBroken ? 'red' : 'dimmed'} className="tabular" truncate>
              {search}
            </Text>
          </Group>
        )}
      </Group>
      <Group gap="md" wrap="nowrap">
        {status.demo && (
          <Badge size="xs" variant="light" color="grape" radius="sm">
            Demo mailbox
          </Badge>
        )}
        <Text size="xs" c="dimmed" className="tabular" style={{ whiteSpace: 'nowrap' }} data-testid="status-counts">
          {formatCount(c.accounts)} accounts &middot; {formatCount(c.contacts)} people &middot; {formatCount(c.threads)} conversations
        </Text>
      </Group>
    </Group>
  );
}
