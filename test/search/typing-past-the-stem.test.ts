// While typing, the word on the way to "programming" passes "programm", "programmi", "programmin":
// the index holds English words by their stem ("program"), so no term starts with those and the
// results went empty for three keystrokes before coming back. A prefix being typed also matches
// a term that it extends by at most three letters (a stem of what is being typed).

import { describe, expect, it } from 'vitest';
import { analyze, execute, type IndexDoc, MemoryIndex, parseQuery, TagWords } from '../../src/search/index.js';

const doc = (id: string, body: string): IndexDoc => ({ id: id.padStart(16, '0'), hash: 'h', title: '', byline: '', site: '', body, lang: 'en' });

function ids(index: MemoryIndex, query: string, typing: boolean): string[] {
  const articles = Object.fromEntries([...index.ids()].map((id) => [id, { id, tags: [], savedAt: null, publishedAt: null, addedAt: '2024-01-01T00:00:00.000Z' }]));
  const catalog = { articles, feeds: {} } as unknown as Parameters<typeof execute>[3];
  return execute(parseQuery(query, { typing }), index, new TagWords([]), catalog, { offset: 0, limit: 50 }).hits.map((h) => h.id.replace(/^0+/, ''));
}

describe('search as you type: past the stem', () => {
  const index = new MemoryIndex(null);
  for (const d of [doc('1', 'Programming languages for children'), doc('2', 'The programmers met'), doc('3', 'A television program'), doc('4', 'prog rock'), doc('5', 'the cat sat')]) index.add(analyze(d));

  it('keeps finding the article at every keystroke of "programming"', () => {
    const word = 'programming';
    for (let n = 3; n <= word.length; n++) expect(ids(index, word.slice(0, n), true), word.slice(0, n)).toContain('1');
  });

  it('backs off only while typing, when nothing starts with the word, and never to fewer than four letters', () => {
    expect(ids(index, 'programmi', false)).not.toContain('1');
    expect(ids(index, 'progr', true).sort()).toEqual(['1', '2', '3']);
    // Only when nothing starts with the word: 'progr' starts program, so 'prog' is not offered.
    expect(ids(index, 'catzz', true)).toEqual([]);
    expect(ids(index, 'rocke', true)).toEqual(['4']);
  });
});
