// Nearness re-ranking with the most words a query may have (64): the same word over and over,
// or a few words repeated. Each repeat used to be one more list in the smallest-stretch walk
// (64 lists of the same positions: 136 s for 64 x "the" on 2,000 documents of 2,000 words and
// one of a million).
// A repeated word counts once for nearness, and a query's first few words are enough to judge it.

import { describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../../src/model/index.js';
import { analyze, execute, MemoryIndex, parseQuery, TagWords } from '../../src/search/index.js';

const WORDS = ['the', 'cat', 'dog', 'fish', 'and', 'run', 'red', 'sea'];

function library(docs: number, length: number): { index: MemoryIndex; catalog: { articles: Record<string, ArticleRecord>; feeds: Record<string, never> } } {
  const index = new MemoryIndex(null);
  const articles: Record<string, ArticleRecord> = {};
  for (let i = 0; i < docs; i++) {
    const id = `d${String(i).padStart(4, '0')}`;
    const body = Array.from({ length }, (_, k) => WORDS[(k * 3 + i) % WORDS.length]).join(' ');
    index.add(analyze({ id, hash: 'h', title: '', byline: '', site: '', body, lang: 'en' }));
    const date = new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString();
    articles[id] = { id, tags: [], savedAt: null, publishedAt: date, addedAt: date, read: false, starred: false, feedId: null, url: null } as unknown as ArticleRecord;
  }
  // One long article (300,000 words), the newest (so among the candidates): a word's positions in it are many.
  const long = 'the cat '.repeat(150_000);
  index.add(analyze({ id: 'long', hash: 'h', title: '', byline: '', site: '', body: long, lang: 'en' }));
  const newest = new Date(Date.UTC(2025, 0, 1)).toISOString();
  articles.long = { ...articles.d0000!, id: 'long', publishedAt: newest, addedAt: newest };
  return { index, catalog: { articles, feeds: {} } };
}

const run = (lib: ReturnType<typeof library>, query: string) =>
  execute(parseQuery(query), lib.index, new TagWords([]), lib.catalog, { offset: 0, limit: 20 });

describe('search: nearness with many query words', () => {
  const lib = library(200, 2000);

  it('answers 64 times the same common word (sanity bound only: it took 8 s here, minutes on 2,000 documents)', { timeout: 5_000 }, () => {
    const page = run(lib, Array.from({ length: 64 }, () => 'the').join(' '));
    expect(page.total).toBe(201);
    expect(page.hits).toHaveLength(20);
  });

  it('answers 64 words made of 8 common words repeated', { timeout: 5_000 }, () => {
    const page = run(lib, Array.from({ length: 64 }, (_, i) => WORDS[i % WORDS.length]).join(' '));
    expect(page.total).toBe(200);
  });

  it('a phrase and a rule find words in an article added since the index was written, however often they occur', () => {
    // Its positions were spread into a call's arguments: past ~100,000 the stack overflowed.
    expect(lib.index.contains('long', ['the', 'cat'], false)).toBe(true);
    expect([...lib.index.lookup(['the', 'cat'], false).docs].map((d) => lib.index.idOf(d))).toContain('long');
  });

  it('a repeated word ranks as the word once', () => {
    const once = run(lib, 'cat dog');
    const repeated = run(lib, 'cat dog cat dog dog');
    expect(repeated.hits.map((h) => h.id)).toEqual(once.hits.map((h) => h.id));
  });
});
