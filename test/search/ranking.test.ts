// Ranking by relevance: BM25 with the title above the body, words standing together above the
// same words apart, and among results alike in relevance the newer article first.

import { describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../../src/model/index.js';
import { analyze, type Catalog, execute, type IndexDoc, MemoryIndex, parseQuery, TagWords, topK } from '../../src/search/index.js';
import { smallestWindow } from '../../src/search/memory-index.js';
import { Segment, SegmentBuilder } from '../../src/search/segment.js';

const doc = (id: string, title: string, body: string): IndexDoc => ({ id, hash: 'h', title, byline: '', site: '', body, lang: 'en' });

function search(docs: IndexDoc[], dates: Record<string, string>, query: string): string[] {
  const index = new MemoryIndex(null);
  for (const d of docs) index.add(analyze(d));
  const articles = Object.fromEntries(docs.map((d) => [d.id, { id: d.id, tags: [], savedAt: null, publishedAt: dates[d.id] ?? '2024-01-01T00:00:00.000Z', addedAt: '2025-01-01T00:00:00.000Z' } as unknown as ArticleRecord]));
  const catalog: Catalog = { articles, feeds: {} };
  return execute(parseQuery(query), index, new TagWords([]), catalog, { offset: 0, limit: 10 }).hits.map((h) => h.id);
}

const filler = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore';

describe('ranking by relevance', () => {
  it('puts a word in the title above the same word in the body', () => {
    expect(search([doc('body', 'Notes', `kestrel ${filler}`), doc('title', 'Kestrel', `notes ${filler}`)], {}, 'kestrel')).toEqual(['title', 'body']);
  });

  it('puts words that stand together above the same words far apart', () => {
    // The same length, and the one apart is newer: only nearness puts the other first.
    const apart = doc('apart', 'Notes', `solar ${filler} panels ${filler}`);
    const together = doc('together', 'Notes', `${filler} solar panels ${filler}`);
    expect(search([apart, together], { apart: '2024-06-01T00:00:00.000Z' }, 'solar panels')).toEqual(['together', 'apart']);
  });

  it('puts the newer of two nearly equally relevant articles first', () => {
    // One word longer: a BM25 score a little lower, for the newer one.
    const older = doc('older', 'Heron', filler);
    const newer = doc('newer', 'Heron', `${filler} more`);
    expect(search([older, newer], { older: '2020-01-01T00:00:00.000Z', newer: '2024-01-01T00:00:00.000Z' }, 'heron')).toEqual(['newer', 'older']);
  });

  it('puts the newer of two equally relevant articles first, whatever their ids', () => {
    const older = doc('a-older', 'Heron', filler);
    const newer = doc('z-newer', 'Heron', filler);
    expect(search([older, newer], { 'a-older': '2023-01-01T00:00:00.000Z', 'z-newer': '2024-01-01T00:00:00.000Z' }, 'heron')).toEqual(['z-newer', 'a-older']);
    expect(search([older, newer], { 'a-older': '2024-02-01T00:00:00.000Z', 'z-newer': '2024-01-01T00:00:00.000Z' }, 'heron')).toEqual(['a-older', 'z-newer']);
  });

  it('does not let recency outrank a clearly better match', () => {
    const strong = doc('strong', 'Heron heron', `heron ${filler}`);
    const weak = doc('weak', 'Notes', `${filler} heron ${filler} ${filler}`);
    expect(search([strong, weak], { strong: '2000-01-01T00:00:00.000Z', weak: '2024-12-01T00:00:00.000Z' }, 'heron')).toEqual(['strong', 'weak']);
  });

  it('measures nearness the same in a segment on disk as in memory', () => {
    const docs = [doc('a', 'Solar notes', `solar ${filler} panels`), doc('b', 'Panels', `${filler} solar panels solar`)];
    const builder = new SegmentBuilder();
    docs.forEach((d) => builder.add(d));
    const disk = new MemoryIndex(Segment.decode(builder.encode()));
    const memory = new MemoryIndex(null);
    docs.forEach((d) => memory.add(analyze(d)));
    const words = [{ token: 'solar', prefix: false }, { token: 'panels', prefix: false }];
    for (const index of [disk, memory]) {
      const span = index.spans(words);
      expect([span(index.docNumber('a')!), span(index.docNumber('b')!)]).toEqual([17, 2]);
    }
  });

  it('picks the same best items when it may pass over low scores without comparing them', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const scores = Float64Array.from({ length: 5000 }, () => Math.floor(random() * 50));
    const better = (a: number, b: number) => scores[a]! > scores[b]! || (scores[a] === scores[b] && a < b);
    for (const k of [1, 20, 120]) expect(topK(scores.length, k, better, scores)).toEqual(topK(scores.length, k, better));
  });

  it('measures the smallest stretch holding one of each word', () => {
    expect(smallestWindow([[1, 9], [4, 10], [12]])).toBe(4);
    expect(smallestWindow([[5], [6]])).toBe(2);
    expect(smallestWindow([[5], []])).toBe(Infinity);
  });
});
