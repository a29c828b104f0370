// The search box's tag suggestions: which `tag:` is being typed, and which tags it suggests.

import { describe, expect, it } from 'vitest';
import { suggestTags, typedTag } from '../../renderer/src/search/index.js';

describe('search: tag suggestions', () => {
  it('finds the tag: being typed at the end of the box, negated or not', () => {
    expect(typedTag('tag:')).toEqual({ start: 4, prefix: '' });
    expect(typedTag('gpu -tag:tw')).toEqual({ start: 9, prefix: 'tw' });
    expect(typedTag('TAG:Ai')).toEqual({ start: 4, prefix: 'Ai' });
    expect(typedTag('tag:ai ')).toBeNull();
    expect(typedTag('hashtag:x')).toBeNull();
    expect(typedTag('"tag:')).toBeNull();
  });

  it('suggests tags starting with the prefix first, then containing it, case-insensitively', () => {
    const tags = ['twitter', 'ai', 'gpu', 'elon-musk', 'openai'];
    expect(suggestTags(tags, '')).toEqual(['ai', 'elon-musk', 'gpu', 'openai', 'twitter']);
    expect(suggestTags(tags, 'AI')).toEqual(['ai', 'openai']);
    expect(suggestTags(tags, 'zz')).toEqual([]);
    expect(suggestTags(tags, '', 2)).toEqual(['ai', 'elon-musk']);
  });
});
