// A hyphenated compound is indexed whole as well (e-mail → email), so `email` and `emails` find
// a text that writes "e-mail"; the snippet must then mark the "e-mail" it found, not nothing.

import { describe, expect, it } from 'vitest';
import { analyze, highlightOf, MemoryIndex, parseQuery, snippet } from '../../src/search/index.js';

describe('search: snippet marks of compounds found whole', () => {
  const text = 'Send an e-mail to support, or call.';

  it('the query finds the text (as the index holds it)', () => {
    const index = new MemoryIndex(null);
    index.add(analyze({ id: 'a', hash: 'h', title: '', byline: '', site: '', body: text, lang: 'en' }));
    expect(index.lookup(['email'], false).docs.length).toBe(1);
    expect(index.lookup(['emails'], false).docs.length).toBe(1);
  });

  it('email and emails mark e-mail', () => {
    expect(snippet(text, highlightOf(parseQuery('email')))).toBe('Send an <mark>e</mark>-<mark>mail</mark> to support, or call.');
    expect(snippet(text, highlightOf(parseQuery('emails')))).toBe('Send an <mark>e</mark>-<mark>mail</mark> to support, or call.');
  });

  it('a word that is only a part is not the compound: mail marks mail alone, support does not mark e-mail', () => {
    const support = snippet(text, highlightOf(parseQuery('support')));
    expect(support).toContain('e-mail to <mark>support</mark>, or call.');
    expect(support).not.toContain('<mark>e</mark>');
    expect(snippet('The e-mail and the mail.', highlightOf(parseQuery('mail')))).toBe('The e-<mark>mail</mark> and the <mark>mail</mark>.');
  });
});
