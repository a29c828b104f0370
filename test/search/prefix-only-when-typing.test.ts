// A query word matches whole words. Only the word being typed in the search box (typing: true,
// 3 characters or more, no trailing space) and a word written `word*` also match longer words,
// and a document holding the word itself ranks above one holding only longer words.

import { describe, expect, it } from 'vitest';
import { TidingsError } from '../../src/errors.js';
import {
  analyze, execute, highlightOf, type IndexDoc, MemoryIndex, parseQuery, snippet, TagWords,
} from '../../src/search/index.js';
import { containsRun } from '../../src/search/tag-words.js';

const doc = (id: string, body: string): IndexDoc => ({ id: id.padStart(16, '0'), hash: 'h', title: '', byline: '', site: '', body, lang: 'en' });

function indexOf(docs: IndexDoc[]): MemoryIndex {
  const index = new MemoryIndex(null);
  for (const d of docs) index.add(analyze(d));
  return index;
}

function ids(index: MemoryIndex, query: string, typing = false): string[] {
  const articles = Object.fromEntries([...index.ids()].map((id) => [id, { id, tags: [], savedAt: null, publishedAt: null, addedAt: '2024-01-01T00:00:00.000Z' }]));
  const catalog = { articles, feeds: {} } as unknown as Parameters<typeof execute>[3];
  const page = execute(parseQuery(query, { typing }), index, new TagWords([]), catalog, { offset: 0, limit: 50 });
  return page.hits.map((h) => h.id.replace(/^0+/, ''));
}

describe('search: prefixes only while typing or when asked', () => {
  const index = indexOf([doc('1', 'airplanes and airsoft'), doc('2', 'the AI model'), doc('3', 'programming languages'), doc('4', 'prog rock')]);

  it('matches whole words when not typing: AI does not find airplanes', () => {
    expect(ids(index, 'AI')).toEqual(['2']);
    expect(ids(index, 'air')).toEqual([]);
    expect(ids(index, 'prog')).toEqual(['4']);
  });

  it('makes the last word a prefix while typing, from 3 characters, unless a space follows', () => {
    expect(parseQuery('gpu twit', { typing: true }).groups[1]!.items[0]).toMatchObject({ prefix: true });
    expect(parseQuery('gpu twit').groups[1]!.items[0]).toMatchObject({ prefix: false });
    expect(parseQuery('gpu twit ', { typing: true }).groups[1]!.items[0]).toMatchObject({ prefix: false });
    expect(parseQuery('gpu ai', { typing: true }).groups[1]!.items[0]).toMatchObject({ prefix: false });
    expect(parseQuery('twit gpu', { typing: true }).groups[0]!.items[0]).toMatchObject({ prefix: false });
    expect(ids(index, 'ai', true)).toEqual(['2']);
    expect(ids(index, 'air', true)).toEqual(['1']);
  });

  it('ranks the exact word above longer words starting with it', () => {
    expect(ids(index, 'prog', true)).toEqual(['4', '3']);
    const reversed = indexOf([doc('3', 'programming programming languages'), doc('4', 'prog and many other words here to make it long')]);
    expect(ids(reversed, 'prog', true)).toEqual(['4', '3']);
    expect(ids(reversed, 'prog*')).toEqual(['4', '3']);
  });

  it('reads word* as a prefix at any place, from 2 characters', () => {
    expect(parseQuery('pr* rock').groups[0]!.items[0]).toEqual({ kind: 'text', tokens: ['pr'], prefix: true });
    expect(ids(index, 'air* and')).toEqual(['1']);
  });

  it('refuses * alone or after one letter, with a clear error', () => {
    for (const query of ['*', 'gpu *', 'a*', '-*']) {
      let error: unknown = null;
      try {
        parseQuery(query);
      } catch (e) {
        error = e;
      }
      expect(error, query).toBeInstanceOf(TidingsError);
      expect((error as TidingsError).module).toBe('search');
      expect((error as TidingsError).kind).toBe('invalid');
      expect((error as TidingsError).message).toContain('*');
    }
  });

  it('follows the same rule for tags and for the marks of a snippet', () => {
    expect(containsRun(['airplanes'], ['ai'], false)).toBe(false);
    expect(containsRun(['programming'], ['prog'], false)).toBe(false);
    expect(containsRun(['programming'], ['prog'], true)).toBe(true);
    expect(new TagWords([{ id: 'x', tags: ['Airplanes'] }] as never).match(['ai'], false)).toEqual([]);
    expect(snippet('programming prog', highlightOf(parseQuery('prog')))).toBe('programming <mark>prog</mark>');
    expect(snippet('programming prog', highlightOf(parseQuery('prog', { typing: true })))).toBe('<mark>programming</mark> <mark>prog</mark>');
  });
});
