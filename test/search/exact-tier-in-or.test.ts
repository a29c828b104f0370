// Exact matches rank a tier above prefix matches (EXACT_TIER). In an OR, the alternatives that
// are not prefixes are exact matches too: they used to get no tier, so in "nvidia OR gpu*" (or
// "nvidia OR gpu" while typing, the last word a prefix) every article saying "gpu" outranked the
// article about NVIDIA however strongly it matched.

import { describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../../src/model/index.js';
import { analyze, execute, MemoryIndex, parseQuery, TagWords } from '../../src/search/index.js';

const filler = (n: number) => Array.from({ length: n }, (_, i) => `filler${i % 50}`).join(' ');
const bodies: Record<string, [string, string]> = {
  nvidia: ['NVIDIA NVIDIA results', 'NVIDIA shipped. NVIDIA said.'],
  gpu: ['Weekly notes', `${filler(300)} a gpu ${filler(300)}`],
  gpus: ['Other notes', `${filler(300)} two gpus ${filler(300)}`],
  graphics: ['More notes', `${filler(300)} gpuless ${filler(300)}`],
};

function setup(): { index: MemoryIndex; catalog: { articles: Record<string, ArticleRecord>; feeds: Record<string, never> } } {
  const index = new MemoryIndex(null);
  const articles: Record<string, ArticleRecord> = {};
  for (const [id, [title, body]] of Object.entries(bodies)) {
    index.add(analyze({ id, hash: 'h', title, byline: '', site: '', body, lang: 'en' }));
    const date = '2024-01-01T00:00:00.000Z';
    articles[id] = { id, tags: [], savedAt: null, publishedAt: date, addedAt: date, read: false, starred: false, feedId: null, url: null } as unknown as ArticleRecord;
  }
  return { index, catalog: { articles, feeds: {} } };
}

const order = (query: string, typing = false) => {
  const { index, catalog } = setup();
  return execute(parseQuery(query, { typing }), index, new TagWords([]), catalog, { offset: 0, limit: 10 }).hits.map((h) => h.id);
};

describe('search: the exact tier and the shares that raise scores', () => {
  // Recency (up to +3%) and nearness (up to x3) raise a share of the score: of a tiered score
  // (1e6 + BM25) that share was thousands, so while typing the newest exact match came first
  // however weakly it matched, and BM25 no longer counted among exact matches.
  it('while typing, a much stronger older match stays above a weak newer one', () => {
    const index = new MemoryIndex(null);
    const articles: Record<string, ArticleRecord> = {};
    const docs: [string, string, string, string][] = [
      ['strong', 'NVIDIA NVIDIA results', 'NVIDIA shipped. NVIDIA said.', '2023-01-01T00:00:00.000Z'],
      ['weak', 'Weekly notes', `${filler(300)} nvidia ${filler(300)}`, '2024-06-01T00:00:00.000Z'],
      ['other', 'Other', filler(20), '2024-07-01T00:00:00.000Z'],
    ];
    for (const [id, title, body, date] of docs) {
      index.add(analyze({ id, hash: 'h', title, byline: '', site: '', body, lang: 'en' }));
      articles[id] = { id, tags: [], savedAt: null, publishedAt: date, addedAt: date, read: false, starred: false, feedId: null, url: null } as unknown as ArticleRecord;
    }
    const run = (query: string, typing: boolean) =>
      execute(parseQuery(query, { typing }), index, new TagWords([]), { articles, feeds: {} }, { offset: 0, limit: 10 }).hits.map((h) => h.id);
    expect(run('nvidia', false)).toEqual(['strong', 'weak']);
    expect(run('nvidia', true)).toEqual(['strong', 'weak']);
    expect(run('nvidia shipped', true)).toEqual(['strong']);
  });
});

describe('search: the exact tier in an OR', () => {
  it('an exact alternative ranks with the prefix one by its own strength', () => {
    expect(order('nvidia OR gpu*')[0]).toBe('nvidia');
    expect(order('nvidia OR gpu', true)[0]).toBe('nvidia');
  });

  it('prefix-only matches still come after every exact match', () => {
    const found = order('nvidia OR gpu*');
    expect(found).toHaveLength(4);
    expect(found[3]).toBe('graphics');
  });
});
