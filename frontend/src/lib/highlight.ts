// Client-side highlighting of a search's plain words in plain text (the
// thread reader's message bodies). Matching folds case and accents, like
// the index does; the result is text parts rendered as React nodes, never
// HTML.

/** Folds case and strips combining accents, one output char per input char where possible. */
function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

const operator = /^(from|to|account|person|subject|before|after|has|kind|in|is|channel):/i;

/**
 * The words of a query a reader should see highlighted: not operators,
 * not excluded words, not OR; phrases give their words.
 */
export function plainWords(query: string): string[] {
  const out = new Set<string>();
  const tokens = query.match(/-?"[^"]*"?|\S+/g) ?? [];
  for (const t of tokens) {
    if (t.startsWith('-') || t === 'OR' || t === 'AND' || operator.test(t)) continue;
    for (const w of t.replace(/"/g, '').split(/[^\p{L}\p{N}]+/u)) {
      if (w) out.add(fold(w));
    }
  }
  return [...out];
}

export interface TextPart {
  text: string;
  hit: boolean;
}

/**
 * Splits text into parts where whole words equal to one of `words` (folded)
 * are hits. Whole words only, as the index matches. A word with more than
 * letters and digits ("Müller's", "x310/n310", as the index's tokenizer
 * keeps them) is marked where it occurs whole, in any case.
 */
export function highlightParts(text: string, words: string[]): TextPart[] {
  if (words.length === 0 || !text) return [{ text, hit: false }];
  const simple = /^[\p{L}\p{N}\p{M}]+$/u;
  const want = new Set(words.filter((w) => simple.test(w)).map(fold));
  const ranges: [number, number][] = [];
  const word = /[\p{L}\p{N}\p{M}]+/gu;
  for (let m = word.exec(text); m; m = word.exec(text)) {
    if (want.has(fold(m[0]))) ranges.push([m.index, m.index + m[0].length]);
  }
  const compound = words.filter((w) => w && !simple.test(w)).sort((a, b) => b.length - a.length);
  if (compound.length > 0) {
    const alternatives = compound.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
    // No lookbehind (older WebKit lacks it): the character before is matched and skipped.
    const re = new RegExp(`(^|[^\\p{L}\\p{N}])(${alternatives})(?![\\p{L}\\p{N}])`, 'giu');
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const start = m.index + m[1].length;
      ranges.push([start, start + m[2].length]);
      re.lastIndex = start + m[2].length; // the next match may begin right after this one
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const parts: TextPart[] = [];
  const push = (t: string, hit: boolean) => {
    if (t === '') return;
    const last = parts[parts.length - 1];
    if (last && last.hit === hit) last.text += t;
    else parts.push({ text: t, hit });
  };
  let at = 0;
  for (const [start, end] of ranges) {
    if (start < at) continue; // inside a longer mark
    push(text.slice(at, start), false);
    push(text.slice(start, end), true);
    at = end;
  }
  push(text.slice(at), false);
  return parts.length > 0 ? parts : [{ text, hit: false }];
}
