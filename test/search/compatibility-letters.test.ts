// Letters written in compatibility forms: ligatures from text copied out of PDFs and typeset
// pages ("ﬁle", "ﬂow"), and the fullwidth Latin letters and digits of Japanese and Chinese pages
// ("ＧＰＵ", "ＲＴＸ４０９０"). They read as the plain letters and must be searched as them; signs
// that only look like letters (™, ², ½) stay out of words.

import { describe, expect, it } from 'vitest';
import { analyze, fold, highlightOf, MemoryIndex, parseQuery, snippet, tokenize } from '../../src/search/index.js';

describe('search: compatibility letters', () => {
  it('ligatures fold to their letters', () => {
    expect(tokenize('The ﬁle ﬂows oﬀ')).toEqual(['the', 'file', 'flows', 'off']);
    expect(fold('ﬁ')).toBe('fi');
  });

  it('fullwidth Latin letters and digits fold to plain ones', () => {
    expect(tokenize('新しいＧＰＵ、ＲＴＸ４０９０')).toEqual(['新', 'し', 'い', 'gpu', 'rtx4090']);
  });

  it('signs that look like letters are not made into letters', () => {
    expect(tokenize('Windows™ and Ｗindows™')).toEqual(['windows', 'and', 'windows']);
  });

  it('a query finds them, and the snippet marks them', () => {
    const index = new MemoryIndex(null);
    const body = 'Open the conﬁg ﬁle on the ＧＰＵ.';
    index.add(analyze({ id: 'a', hash: 'h', title: '', byline: '', site: '', body, lang: 'en' }));
    for (const word of ['file', 'config', 'gpu', 'ＧＰＵ', 'ﬁle']) expect(index.lookup(tokenize(word), false).docs.length, word).toBe(1);
    expect(snippet(body, highlightOf(parseQuery('file gpu')))).toBe('Open the conﬁg <mark>ﬁle</mark> on the <mark>ＧＰＵ</mark>.');
  });
});
