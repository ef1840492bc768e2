import { describe, expect, it } from 'vitest';
import { markParts, markText, sanitizeMarks } from './markup';

function render(html: string): HTMLElement {
  const div = document.createElement('div');
  div.innerHTML = sanitizeMarks(html);
  return div;
}

describe('sanitizeMarks', () => {
  it('keeps escaped text and <mark>', () => {
    expect(sanitizeMarks('Price &amp; <mark>renewal</mark> &lt;soon&gt;')).toBe('Price &amp; <mark>renewal</mark> &lt;soon&gt;');
    const el = render('a <mark>b</mark> c');
    expect(el.querySelectorAll('mark')).toHaveLength(1);
    expect(el.textContent).toBe('a b c');
  });

  it('drops every other tag and attribute', () => {
    const el = render('<img src=x onerror="alert(1)">hi <mark onclick="x()">there</mark><a href="javascript:1">link</a>');
    expect(el.querySelector('img')).toBeNull();
    expect(el.querySelector('a')).toBeNull();
    expect(el.querySelectorAll('mark')).toHaveLength(0);
    expect(el.innerHTML).not.toMatch(/onerror|onclick|javascript/);
    expect(el.textContent).toBe('hi therelink');
  });

  it('drops scripts with their text', () => {
    const el = render('safe<script>alert(1)</script> end<style>body{}</style>');
    expect(el.querySelector('script')).toBeNull();
    expect(el.textContent).toBe('safe end');
  });

  it('keeps escaped tags as text, never as markup', () => {
    const el = render('&lt;mark&gt;fake&lt;/mark&gt; &lt;img src=x onerror=alert(1)&gt;');
    expect(el.querySelector('mark')).toBeNull();
    expect(el.querySelector('img')).toBeNull();
    expect(el.textContent).toBe('<mark>fake</mark> <img src=x onerror=alert(1)>');
  });

  it('survives double-escaped entities and broken tags', () => {
    expect(render('&amp;lt;script&amp;gt;').textContent).toBe('&lt;script&gt;');
    const el = render('<mark>open <img src=x onerror=alert(1)');
    expect(el.querySelector('img')).toBeNull();
    expect(el.querySelectorAll('mark')).toHaveLength(1);
    expect(render('<<mark>>x').innerHTML).not.toContain('<<');
    expect(render('&#60;b&#62;x').querySelector('b')).toBeNull();
  });

  it('balances unclosed and stray marks', () => {
    expect(sanitizeMarks('</mark>a<mark>b')).toBe('a<mark>b</mark>');
  });
});

describe('markParts / markText', () => {
  it('splits marked and plain text', () => {
    expect(markParts('x <mark>y</mark>z')).toEqual([
      { text: 'x ', mark: false },
      { text: 'y', mark: true },
      { text: 'z', mark: false },
    ]);
    expect(markText('R&amp;D <mark>q3</mark>')).toBe('R&D q3');
  });
});
