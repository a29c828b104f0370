// A saved page's metadata is kept in library.json: a hostile page's 5 MB <title>, byline,
// site name, excerpt, lead image URL or lang attribute come out within the field caps.

import { describe, expect, it } from 'vitest';
import { buildMetadata } from '../../src/extract/metadata.js';
import { CAPS } from '../../src/model/caps.js';

const HUGE = 'W'.repeat(5_000_000);

describe('saved page metadata caps', () => {
  it('caps title, byline, site name, excerpt and drops an over-long lead image URL and lang', () => {
    const meta = buildMetadata({
      article: { title: HUGE, byline: HUGE, siteName: HUGE, lang: `en${'-abcdefgh'.repeat(100_000)}`, publishedTime: HUGE, excerpt: HUGE, content: '' },
      hints: { title: HUGE, image: `https://x.example/${'i'.repeat(CAPS.url)}`, lang: null },
      text: 'Some words of text.',
      url: 'https://x.example/page',
      firstImage: null,
    });
    expect(meta.title.length).toBe(CAPS.title);
    expect(meta.byline!.length).toBe(CAPS.author);
    expect(meta.siteName!.length).toBe(CAPS.siteName);
    expect(meta.excerpt!.length).toBeLessThanOrEqual(CAPS.excerpt);
    expect(meta.leadImage).toBeNull();
    expect(meta.publishedAt).toBeNull();
    expect(meta.lang === null || meta.lang.length <= 35).toBe(true);
    expect(JSON.stringify(meta).length).toBeLessThan(10_000);
  });

  it('caps a title that falls back to the hints or to the URL', () => {
    const fromHints = buildMetadata({ article: null, hints: { title: HUGE, image: null, lang: null }, text: '', url: null, firstImage: null });
    expect(fromHints.title.length).toBe(CAPS.title);
    const fromUrl = buildMetadata({ article: null, hints: { title: null, image: null, lang: null }, text: '', url: `https://x.example/${'s'.repeat(100_000)}`, firstImage: null });
    expect(fromUrl.title.length).toBeLessThanOrEqual(CAPS.title);
  });

  it('never leaves half an emoji at the cut', () => {
    const meta = buildMetadata({ article: null, hints: { title: `a${'😀'.repeat(CAPS.title)}`, image: null, lang: null }, text: '', url: null, firstImage: null });
    expect(meta.title.length).toBe(CAPS.title - 1);
    expect(meta.title.endsWith('😀')).toBe(true);
  });
});
