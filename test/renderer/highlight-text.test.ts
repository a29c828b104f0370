// @vitest-environment jsdom
// The reader's text model for highlights: the frame's text read as the engine reads the article
// (src/extract/text.ts), selections turned into quotes with context, quotes drawn as <mark>s
// (overlapping, across paragraphs) and removed again leaving the text as it was.

import { describe, expect, it } from 'vitest';
import type { Highlight } from '../../src/api.js';
import { htmlToText } from '../../src/extract/text.js';
import { clearMarks, drawHighlights, findQuote, frameText, quoteOf, rangeSpan } from '../../renderer/src/reader/highlight-text.js';

const HTML = `<h2>A  heading</h2>
<p>First   paragraph with <em>some</em> <a href="#">linked words</a>.<br>A second line.</p>
<ul><li>one item</li><li>two items</li></ul>
<pre>code  kept
  as is</pre>
<blockquote><p>Quoted text, and the same words: linked words.</p></blockquote>`;

function body(html = HTML): HTMLElement {
  const el = document.createElement('div');
  el.innerHTML = html;
  return el;
}

const highlight = (id: string, exact: string, color: Highlight['color'] = 'yellow', prefix = '', suffix = ''): Highlight => ({
  id, color, note: null, createdAt: `2026-11-29T00:00:0${id.length}Z`,
  quote: { type: 'TextQuoteSelector', exact, prefix, suffix }, position: null,
});

describe('the frame text', () => {
  it('is the text the engine keeps for the article', () => {
    expect(frameText(body()).text).toBe(htmlToText(body()));
  });

  it('turns a DOM selection into the quote with 32 characters of context', () => {
    const root = body();
    const ft = frameText(root);
    const range = document.createRange();
    const em = root.querySelector('em')!.firstChild!;
    const a = root.querySelector('a')!.firstChild!;
    range.setStart(em, 1);
    range.setEnd(a, 6);
    const quote = quoteOf(ft, rangeSpan(ft, range)!);
    expect(quote.exact).toBe('ome linked');
    expect(quote.prefix).toBe(ft.text.slice(quote.start - 32, quote.start));
    expect(quote.suffix).toBe(' words.\nA second line.\n\none item');
    expect(ft.text.slice(quote.start, quote.start + quote.exact.length)).toBe(quote.exact);
  });

  it('finds the repeated passage its context points at', () => {
    const text = frameText(body()).text;
    const second = text.lastIndexOf('linked words');
    expect(findQuote(text, 'linked words', { prefix: 'the same words: ' })?.start).toBe(second);
    expect(findQuote(text, 'linked words', { suffix: '.\nA second' })?.start).toBe(text.indexOf('linked words'));
    expect(findQuote(text, 'nowhere to be found')).toBeNull();
  });
});

describe('drawing highlights', () => {
  it('wraps a passage across elements and paragraphs, and overlapping ones piece by piece', () => {
    const root = body();
    const missing = drawHighlights(root, [
      highlight('h1', 'some linked words.\nA second', 'green'),
      highlight('h22', 'words.\nA second line.\n\none item', 'blue'),
      highlight('h333', 'not in this article'),
    ]);
    expect(missing).toEqual(['h333']);
    const marks = [...root.querySelectorAll('mark')];
    expect(marks.filter((m) => m.dataset.ids === 'h1').map((m) => m.textContent).join('')).toBe('some linked ');
    expect(marks.filter((m) => m.dataset.ids === 'h1 h22').map((m) => m.textContent).join('|')).toBe('words|.|A second');
    expect(marks.filter((m) => m.dataset.ids === 'h1 h22').every((m) => m.classList.contains('hl-blue'))).toBe(true);
    expect(marks.filter((m) => m.dataset.ids === 'h22').map((m) => m.textContent).join('|')).toBe(' line.|one item');
    // The text is unchanged by the marks, and comes back as it was without them.
    expect(frameText(root).text).toBe(htmlToText(body()));
    clearMarks(root);
    expect(root.querySelectorAll('mark')).toHaveLength(0);
    expect(root.innerHTML).toBe(body().innerHTML);
  });

  it('puts article text in marks only as text', () => {
    const root = body('<p>a &lt;img src=x onerror=alert(1)&gt; b</p>');
    drawHighlights(root, [highlight('h1', '<img src=x onerror=alert(1)>')]);
    expect(root.querySelector('mark')!.textContent).toBe('<img src=x onerror=alert(1)>');
    expect(root.querySelector('img')).toBeNull();
  });
});
