// Client-side highlighting of a search's plain words in plain text (the
// thread reader's message bodies). Matching folds case and accents, like
// the index does; the result is text parts rendered as React nodes, never
// HTML.

/** Folds case and strips combining accents, one output char per input char where possible. */
function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

const operator = /^(from|to|account|person|subject|before|after|has|kind|in):/i;

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
 * are hits. Whole words only, as the index matches.
 */
export function highlightParts(text: string, words: string[]): TextPart[] {
  if (words.length === 0 || !text) return [{ text, hit: false }];
  const want = new Set(words.map(fold));
  const parts: TextPart[] = [];
  const push = (t: string, hit: boolean) => {
    const last = parts[parts.length - 1];
    if (last && last.hit === hit) last.text += t;
    else parts.push({ text: t, hit });
  };
  const word = /[\p{L}\p{N}\p{M}]+/gu;
  let at = 0;
  for (let m = word.exec(text); m; m = word.exec(text)) {
    if (want.has(fold(m[0]))) {
      push(text.slice(at, m.index), false);
      push(m[0], true);
      at = m.index + m[0].length;
    }
  }
  push(text.slice(at), false);
  return parts.filter((p) => p.text !== '');
}
