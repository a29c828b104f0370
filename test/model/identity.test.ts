import { describe, expect, it } from 'vitest';
import { articleIdFor, normalizeUrl } from '../../src/model/identity.js';

describe('identity', () => {
  it.each([
    ['https://Example.com/post/?utm_source=x&utm_medium=y#comments', 'https://example.com/post'],
    ['https://example.com/post', 'https://example.com/post'],
    ['https://example.com:443/a?b=2&a=1&fbclid=zz', 'https://example.com/a?a=1&b=2'],
    ['https://example.com/', 'https://example.com/'],
  ])('normalizes %s', (input, expected) => {
    expect(normalizeUrl(input)).toBe(expected);
  });

  it('gives the same id to the same article whatever the tracking noise', () => {
    expect(articleIdFor({ url: 'https://example.com/post/?utm_source=rss' })).toBe(articleIdFor({ url: 'https://example.com/post#top' }));
  });

  it('prefers feed + guid, and ids differ between feeds', () => {
    const a = articleIdFor({ feedId: 'f1', guid: 'g', url: 'https://x/1' });
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(a).not.toBe(articleIdFor({ feedId: 'f2', guid: 'g', url: 'https://x/1' }));
  });
});
