// The list's pager hides articles whose delete waits for its Undo: rows after them move up,
// the total drops, and putting them back restores the list as it was. The reader's place:
// the scroll fraction, none for an article that fits the window. A row's "42%".

import { describe, expect, it } from 'vitest';
import type { ArticlePage, ArticleSummary } from '../../src/api.js';
import { PageCache } from '../../renderer/src/list/pages.js';
import { scrollFraction } from '../../renderer/src/list/reading-place.js';
import { progressLabel } from '../../renderer/src/list/row.js';

const rows = Array.from({ length: 12 }, (_, i) => ({ id: `a${i}`, title: `Article ${i}` }) as ArticleSummary);
const loader = async (offset: number, limit: number): Promise<ArticlePage> => ({ total: rows.length, offset, items: rows.slice(offset, offset + limit) });

describe('PageCache.hide', () => {
  it('leaves hidden articles out of indices and the total, across pages, and puts them back', async () => {
    const cache = new PageCache(loader, 5);
    await cache.ensure(0, 12);
    cache.hide(['a1', 'a6'], true);
    expect(cache.total).toBe(10);
    expect(Array.from({ length: 10 }, (_, i) => cache.get(i)?.id)).toEqual(['a0', 'a2', 'a3', 'a4', 'a5', 'a7', 'a8', 'a9', 'a10', 'a11']);
    expect(cache.indexOf('a7')).toBe(5);
    expect(cache.indexOf('a6')).toBe(-1);
    cache.hide(['a1', 'a6'], false);
    expect(cache.total).toBe(12);
    expect(cache.get(1)?.id).toBe('a1');
    expect(cache.indexOf('a7')).toBe(7);
  });
});

describe('scrollFraction and progressLabel', () => {
  it('is the share scrolled, and null when the article fits', () => {
    expect(scrollFraction({ scrollTop: 420, scrollHeight: 1800, clientHeight: 800 })).toBeCloseTo(0.42);
    expect(scrollFraction({ scrollTop: 0, scrollHeight: 800, clientHeight: 800 })).toBeNull();
    expect(progressLabel({ progress: 0.42 } as ArticleSummary)).toBe('42%');
    expect(progressLabel({ progress: 1 } as ArticleSummary)).toBe('');
    expect(progressLabel({} as ArticleSummary)).toBe('');
  });
});
