// Snippets: the best passage, matched words marked, everything else escaped.

import { describe, expect, it } from 'vitest';
import { highlightOf, parseQuery, snippet } from '../../src/search/index.js';

describe('search: snippets', () => {
  it('marks the matched words, folded, in their original spelling', () => {
    const text = 'Wstęp. '.repeat(40) + 'Twitter wykorzysta generatywną sztuczną inteligencję w wyszukiwaniu. ' + 'Koniec. '.repeat(40);
    const out = snippet(text, highlightOf(parseQuery('sztuczna inteligencje ')));
    expect(out).toContain('<mark>sztuczną</mark> <mark>inteligencję</mark>');
    expect(out.startsWith('…')).toBe(true);
    expect(out.endsWith('…')).toBe(true);
  });

  it('marks prefixes of the word being typed, not excluded words', () => {
    const out = snippet('GPUs and gpu cards, not cats', highlightOf(parseQuery('-cats gp*')));
    expect(out).toBe('<mark>GPUs</mark> and <mark>gpu</mark> cards, not cats');
  });

  it('escapes the text around the marks', () => {
    const out = snippet('<script>alert("x")</script> & <b>gpu</b> \'quoted\'', highlightOf(parseQuery('gpu ')));
    expect(out).not.toMatch(/<(?!\/?mark>)/);
    expect(out).toContain('&lt;/script&gt;');
    expect(out).toContain('&quot;x&quot;');
    expect(out).toContain('&lt;b&gt;<mark>gpu</mark>&lt;/b&gt;');
    expect(out).toContain('&#39;quoted&#39;');
  });

  it('prefers the passage holding most of the words', () => {
    const text = 'alpha ' + 'filler '.repeat(60) + 'alpha beta gamma ' + 'filler '.repeat(60);
    const out = snippet(text, highlightOf(parseQuery('alpha beta gamma ')));
    expect(out).toContain('<mark>alpha</mark> <mark>beta</mark> <mark>gamma</mark>');
  });

  it('starts at the beginning when nothing matches, and is empty for empty text', () => {
    expect(snippet('one two three', highlightOf(parseQuery('zzz ')))).toBe('one two three');
    expect(snippet('', highlightOf(parseQuery('zzz ')))).toBe('');
  });
});
