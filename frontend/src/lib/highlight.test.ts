import { describe, expect, it } from 'vitest';
import { highlightParts, plainWords } from './highlight';

describe('plainWords', () => {
  it('keeps plain words and phrase words, drops operators, exclusions and OR', () => {
    expect(plainWords('is:sent channel:phone in:inbox')).toEqual([]);
    expect(plainWords('Renewal "calibration certificates" -draft OR from:anna kind:call after:30d Café')).toEqual([
      'renewal',
      'calibration',
      'certificates',
      'cafe',
    ]);
    expect(plainWords('')).toEqual([]);
  });
});

describe('highlightParts', () => {
  it('marks whole words, folding case and accents', () => {
    const parts = highlightParts('The CAFÉ renewal; renewals later. Cafe!', ['cafe', 'renewal']);
    expect(parts.filter((p) => p.hit).map((p) => p.text)).toEqual(['CAFÉ', 'renewal', 'Cafe']);
    expect(parts.map((p) => p.text).join('')).toBe('The CAFÉ renewal; renewals later. Cafe!');
  });

  it('leaves markup-looking text as text', () => {
    const parts = highlightParts('<img onerror=x> renewal', ['renewal']);
    expect(parts).toEqual([
      { text: '<img onerror=x> ', hit: false },
      { text: 'renewal', hit: true },
    ]);
  });

  it('returns the text whole without words', () => {
    expect(highlightParts('abc', [])).toEqual([{ text: 'abc', hit: false }]);
  });
  it('marks words with more than letters whole, in any case, and never half a word', () => {
    const text = "MÜLLER'S x310/n310 müller's,müller's Müller'sche";
    const parts = highlightParts(text, ["Müller's", 'x310/n310']);
    expect(parts.filter((p) => p.hit).map((p) => p.text)).toEqual(["MÜLLER'S", 'x310/n310', "müller's", "müller's"]);
    expect(parts.map((p) => p.text).join('')).toBe(text);
  });
});
