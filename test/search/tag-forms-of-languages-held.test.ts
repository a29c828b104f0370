// A tag is matched by a query word in the forms the index uses for text: its stems in English
// and in the languages the library holds. With every language's stems, the tag "cars" was found
// by "care" in an English library (the French and Spanish stem of care is car), by search and
// by rules alike.

import { describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../../src/model/index.js';
import { analyze, type Catalog, execute, type IndexDoc, matchesArticle, MemoryIndex, parseQuery, TagWords } from '../../src/search/index.js';

const doc = (id: string, body: string, lang: string): IndexDoc => ({ id, hash: 'h', title: '', byline: '', site: '', body, lang });
const record = (id: string, tags: string[]) => ({ id, tags, savedAt: null, publishedAt: null, addedAt: '2025-01-01T00:00:00.000Z' }) as unknown as ArticleRecord;

function library(docs: IndexDoc[], tags: Record<string, string[]>) {
  const index = new MemoryIndex(null);
  for (const d of docs) index.add(analyze(d));
  const articles = Object.fromEntries(docs.map((d) => [d.id, record(d.id, tags[d.id] ?? [])]));
  const catalog: Catalog = { articles, feeds: {} };
  const search = (q: string) => execute(parseQuery(q), index, new TagWords(Object.values(articles)), catalog, { offset: 0, limit: 10 }).hits.map((h) => h.id).sort();
  const rule = (q: string, id: string) => matchesArticle(parseQuery(q), index, catalog, id);
  return { search, rule };
}

describe('tags matched in the forms of the languages held', () => {
  it('does not find the tag "cars" by "care" in an English library', () => {
    const { search, rule } = library([doc('a', 'a note on gardens', 'en'), doc('b', 'another note', 'en')], { a: ['cars'] });
    expect(search('care')).toEqual([]);
    expect(rule('care', 'a')).toBe(false);
    expect(search('car')).toEqual(['a']);
    expect(rule('car', 'a')).toBe(true);
  });

  it('still matches word forms of the languages held', () => {
    const { search } = library([doc('a', 'une note', 'fr'), doc('b', 'a note', 'en')], { a: ['voitures'] });
    expect(search('voiture')).toEqual(['a']);
  });
});
