// Search hits carry Title and Snippet as HTML: escaped text with matched
// words in <mark>. We never trust that promise: this rebuilds the string
// from scratch, keeping text (re-escaped) and bare <mark>/</mark> tags,
// so nothing else can ever reach dangerouslySetInnerHTML.

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", nbsp: '\u00a0' };

/** Turns the entities the backend writes back into characters. */
function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z0-9]+);/gi, (whole, name: string) => {
    const lower = name.toLowerCase();
    if (lower in entities) return entities[lower];
    let code = NaN;
    if (lower.startsWith('#x')) code = parseInt(lower.slice(2), 16);
    else if (lower.startsWith('#')) code = parseInt(lower.slice(1), 10);
    if (Number.isFinite(code) && code > 0 && code <= 0x10ffff) return String.fromCodePoint(code);
    return whole;
  });
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** One piece of a marked string: text, and whether it is a match. */
export interface MarkPart {
  text: string;
  mark: boolean;
}

/**
 * Splits backend markup into plain-text parts. Only an exact `<mark>` or
 * `</mark>` is a tag; any other tag is dropped with its angle brackets,
 * and text inside <script>/<style> is dropped too.
 */
export function markParts(html: string): MarkPart[] {
  const parts: MarkPart[] = [];
  let depth = 0;
  let skip = false;
  const push = (raw: string) => {
    if (skip || !raw) return;
    const text = decode(raw);
    const last = parts[parts.length - 1];
    const mark = depth > 0;
    if (last && last.mark === mark) last.text += text;
    else parts.push({ text, mark });
  };
  const tag = /<\/?([a-z][a-z0-9-]*)?[^>]*>?/gi;
  let at = 0;
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    push(html.slice(at, m.index));
    at = m.index + m[0].length;
    const t = m[0].toLowerCase();
    const name = (m[1] ?? '').toLowerCase();
    if (t === '<mark>') depth++;
    else if (t === '</mark>') depth = Math.max(0, depth - 1);
    else if (name === 'script' || name === 'style') skip = !t.startsWith('</');
  }
  push(html.slice(at));
  return parts.filter((p) => p.text !== '');
}

/** Safe HTML for dangerouslySetInnerHTML: escaped text and <mark> only. */
export function sanitizeMarks(html: string): string {
  return markParts(html)
    .map((p) => (p.mark ? `<mark>${escape(p.text)}</mark>` : escape(p.text)))
    .join('');
}

/** The text without any markup, for titles and aria labels. */
export function markText(html: string): string {
  return markParts(html)
    .map((p) => p.text)
    .join('');
}
