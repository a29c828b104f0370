// Invisible characters inside a word: a soft hyphen (German and Polish news sites put &shy; in
// long words), a zero-width joiner or non-joiner, a word joiner. The word reads as one; it must be
// indexed and searched as one, and a query pasted with them in finds it too.

import { describe, expect, it } from 'vitest';
import { analyze, highlightOf, MemoryIndex, parseQuery, snippet, tokenize } from '../../src/search/index.js';

const SHY = '\u00AD';

function indexOf(body: string, lang = 'de'): MemoryIndex {
  const index = new MemoryIndex(null);
  index.add(analyze({ id: 'a', hash: 'h', title: '', byline: '', site: '', body, lang }));
  return index;
}

describe('search: invisible characters inside words', () => {
  it('a soft hyphen does not split a word', () => {
    expect(tokenize(`Bundes${SHY}regierung`)).toEqual(['bundesregierung']);
    const index = indexOf(`Die Bundes${SHY}regierung hat entschieden.`);
    expect(index.lookup(['bundesregierung'], false).docs.length).toBe(1);
    expect(index.contains('a', ['bundesregierung'], false)).toBe(true);
    expect(index.lookup(['regierung'], false).docs.length).toBe(0);
  });

  it('zero-width joiners, non-joiners and word joiners do not split a word either', () => {
    expect(tokenize('zero\u200Djoined non\u200Cjoined word\u2060joined')).toEqual(['zerojoined', 'nonjoined', 'wordjoined']);
  });

  it('a query pasted with a soft hyphen finds the word without one', () => {
    const index = indexOf('Die Bundesregierung hat entschieden.');
    const clause = parseQuery(`Bundes${SHY}regierung`).groups[0]!.items[0]!;
    expect(clause.kind === 'text' && index.lookup(clause.tokens, false).docs.length).toBe(1);
  });

  it('the snippet marks the whole word, soft hyphen and all', () => {
    const out = snippet(`Die Bundes${SHY}regierung hat entschieden.`, highlightOf(parseQuery('bundesregierung')));
    expect(out).toBe(`Die <mark>Bundes${SHY}regierung</mark> hat entschieden.`);
  });

  it('a zero-width space still separates words (it marks where a word ends)', () => {
    expect(tokenize('zero\u200Bwidth')).toEqual(['zero', 'width']);
  });
});
