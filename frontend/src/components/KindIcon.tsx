import { ThemeIcon, Tooltip } from '@mantine/core';
import {
  IconArrowDownLeft,
  IconArrowUpRight,
  IconArrowsExchange,
  IconBuilding,
  IconMail,
  IconMapPin,
  IconNote,
  IconPhone,
  IconUser,
  IconUsersGroup,
} from '@tabler/icons-react';

const kinds: Record<string, { icon: typeof IconNote; color: string; label: string }> = {
  note: { icon: IconNote, color: 'yellow', label: 'Note' },
  call: { icon: IconPhone, color: 'grape', label: 'Call' },
  meeting: { icon: IconUsersGroup, color: 'cyan', label: 'Meeting' },
  visit: { icon: IconMapPin, color: 'orange', label: 'Visit' },
  // Search hits: mail without a known direction, accounts and people.
  email: { icon: IconMail, color: 'blue', label: 'Email' },
  account: { icon: IconBuilding, color: 'indigo', label: 'Account' },
  person: { icon: IconUser, color: 'teal', label: 'Person' },
};

const directions: Record<string, { icon: typeof IconNote; color: string; label: string }> = {
  in: { icon: IconArrowDownLeft, color: 'blue', label: 'Email received' },
  out: { icon: IconArrowUpRight, color: 'teal', label: 'Email sent' },
  internal: { icon: IconArrowsExchange, color: 'gray', label: 'Internal email' },
};

export function kindLabel(kind: string, direction?: string): string {
  if (kind === 'email' && direction) return (directions[direction] ?? directions.in).label;
  return kinds[kind]?.label ?? kind;
}

/** An email's direction, or an activity's kind, as a small coloured icon. */
export function KindIcon({ kind, direction, size = 26 }: { kind: string; direction?: string; size?: number }) {
  const spec = kind === 'email' && direction ? (directions[direction] ?? directions.in) : (kinds[kind] ?? kinds.note);
  const Icon = spec.icon;
  return (
    <Tooltip label={spec.label} openDelay={400}>
      <ThemeIcon variant="light" color={spec.color} size={size} radius="md" aria-label={spec.label}>
        <Icon size={size * 0.6} stroke={1.8} />
      </ThemeIcon>
    </Tooltip>
  );
}
