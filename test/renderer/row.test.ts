// @vitest-environment jsdom
// Search snippets arrive as escaped text with <mark> around matches; the list builds them as
// text nodes and <mark> elements, so nothing else in a snippet can become markup.

import { describe, expect, it } from 'vitest';
import { snippetNodes, unescapeHtml } from '../../renderer/src/list/row.js';

const render = (snippet: string) => {
  const holder = document.createElement('div');
  holder.append(...snippetNodes(snippet));
  return holder;
};

describe('snippetNodes', () => {
  it('marks the matched words', () => {
    const el = render('the <mark>quokka</mark> grins at <mark>visitors</mark>');
    expect([...el.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['quokka', 'visitors']);
    expect(el.textContent).toBe('the quokka grins at visitors');
  });

  it('keeps escaped markup as text', () => {
    const el = render('&lt;img src=x onerror=alert(1)&gt; and <mark>&lt;b&gt;</mark>');
    expect(el.querySelector('img')).toBeNull();
    expect(el.querySelector('b')).toBeNull();
    expect(el.textContent).toBe('<img src=x onerror=alert(1)> and <b>');
  });

  it('does not turn raw tags other than mark into elements', () => {
    const el = render('<img src=x onerror=alert(1)><mark>x</mark>');
    expect(el.querySelector('img')).toBeNull();
    expect(el.textContent).toBe('<img src=x onerror=alert(1)>x');
  });
});

describe('unescapeHtml', () => {
  it('decodes named and numeric entities and leaves unknown ones', () => {
    expect(unescapeHtml('&amp;&lt;&gt;&quot;&#39;&#x142;&#322;&bogus;')).toBe('&<>"\'łł&bogus;');
  });
});
