import { Badge, Group, Text, UnstyledButton, type TextProps } from '@mantine/core';
import { forwardRef } from 'react';
import type { SearchHit } from '../api';
import { sanitizeMarks } from '../lib/markup';
import { hrefFor } from '../lib/router';
import { hitRoute } from '../lib/searchQuery';
import { shortDate } from '../lib/time';
import { KindIcon, kindLabel } from './KindIcon';
import classes from './SearchHitRow.module.css';

/** Backend markup (escaped text and <mark>) after the sanitiser. */
export function Marked({ html, ...rest }: { html: string; style?: React.CSSProperties; 'data-testid'?: string } & TextProps) {
  return <Text {...rest} className={classes.marks} dangerouslySetInnerHTML={{ __html: sanitizeMarks(html) }} />;
}

interface Props {
  hit: SearchHit;
  query: string;
  active?: boolean;
  /** Where the thread's back link returns. */
  from?: string;
  showAccount?: boolean;
  onHover?: () => void;
}

/** One search result: kind, title and snippet with matches marked, who and when. */
export const SearchHitRow = forwardRef<HTMLAnchorElement, Props>(function SearchHitRow(
  { hit, query, active, from = 'search', showAccount = false, onHover },
  ref,
) {
  const route = hitRoute(hit, query, from);
  const who = [hit.from, showAccount ? hit.accountName : ''].filter(Boolean).join(' \u00b7 ');
  return (
    <UnstyledButton
      ref={ref}
      component="a"
      href={route ? hrefFor(route) : undefined}
      className={classes.row}
      data-active={active || undefined}
      data-testid="search-hit"
      onMouseMove={onHover}
    >
      <KindIcon kind={hit.kind} />
      <div className={classes.main}>
        <Group gap={8} wrap="nowrap">
          <Marked html={hit.title || '(no subject)'} size="sm" fw={600} truncate style={{ flex: 1, minWidth: 0 }} data-testid="search-hit-title" />
          <Text size="xs" c="dimmed" className="tabular" style={{ flexShrink: 0 }}>
            {hit.date ? shortDate(hit.date) : ''}
          </Text>
        </Group>
        {(who || hit.kind !== 'email') && (
          <Text size="xs" c="dimmed" truncate>
            {hit.kind !== 'email' && `${kindLabel(hit.kind)}${who ? ' \u00b7 ' : ''}`}
            {who}
          </Text>
        )}
        {hit.snippet && <Marked html={hit.snippet} size="sm" c="dimmed" lineClamp={2} mt={2} data-testid="search-hit-snippet" />}
        {hit.capped && (
          <Badge size="xs" variant="default" radius="sm" fw={500} tt="none" mt={4} title="Only the beginning of this text is searchable">
            Long text: only its beginning is searchable
          </Badge>
        )}
      </div>
    </UnstyledButton>
  );
});
