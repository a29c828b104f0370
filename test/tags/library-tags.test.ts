// Tags across the library: counts, replacing (rename and merge), suggestions.

import { describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../../src/model/index.js';
import { countTags, replaceTags, suggestTags } from '../../src/tags/index.js';

function article(tags: string[], suggestedTags: string[] = []): ArticleRecord {
  return { tags, suggestedTags } as unknown as ArticleRecord;
}

describe('tags: across the library', () => {
  it('counts tags without case, keeping the first spelling, most used first', () => {
    expect(countTags([article(['AI', 'gpu']), article(['ai']), article(['Zebra', 'GPU']), article(['ai'])])).toEqual([
      { name: 'AI', count: 3 },
      { name: 'gpu', count: 2 },
      { name: 'Zebra', count: 1 },
    ]);
  });

  it('renames and merges without duplicates, keeping the order', () => {
    expect(replaceTags(['a', 'ML', 'z'], ['ml'], 'machine learning')).toEqual(['a', 'machine learning', 'z']);
    expect(replaceTags(['ai', 'ML', 'z'], ['ml', 'AI'], 'ai')).toEqual(['ai', 'z']);
    expect(replaceTags(['x'], ['ml'], 'ai')).toBeNull();
    expect(replaceTags(['ai'], ['AI'], 'ai')).toBeNull();
    expect(replaceTags(['ai'], ['ai'], 'AI')).toEqual(['AI']);
  });

  it('suggests feed categories not yet on the article, in the library spelling', () => {
    const library = [{ name: 'Machine Learning', count: 4 }];
    expect(suggestTags(article(['gpu'], ['machine learning', 'GPU', '  ', 'New Tag', 'new tag']), library)).toEqual(['Machine Learning', 'New Tag']);
  });
});
