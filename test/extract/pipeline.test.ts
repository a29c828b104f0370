// The DOM steps of extraction (run in-process here; the pool runs the same functions in a
// worker): lazy images, relative links, metadata, sanitizing, image slots, plain text, and a
// page Readability cannot read.

import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { fillImages } from '../../src/extract/image-slots.js';
import { cleanFragment, extractPage } from '../../src/extract/pipeline.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/extract/${name}`, import.meta.url), 'utf8');
const PAGE = 'https://news.example/town/2024/lighthouse.html';

describe('extractPage', () => {
  const page = extractPage(fixture('lazy-images-relative-links.html'), PAGE);
  const filled = fillImages(page.html, page.images, new Map());
  const doc = new JSDOM(filled).window.document;

  it('reads the article and its metadata', () => {
    expect(page.readable).toBe(true);
    expect(page.meta.title).toBe('The old lighthouse returns to the harbour');
    expect(page.meta.siteName).toBe('Harbour News');
    expect(page.meta.lang).toBe('en-GB');
    expect(page.meta.publishedAt).toBe('2024-03-05T08:30:00.000Z');
    expect(page.meta.byline).toContain('Ada Keeper');
    expect(page.meta.leadImage).toBe('https://news.example/pics/lead.jpg');
    expect(page.meta.wordCount).toBeGreaterThan(250);
    expect(page.meta.readingMinutes).toBe(Math.max(1, Math.round(page.meta.wordCount / 220)));
    expect(page.meta.excerpt).toBeTruthy();
  });

  it('resolves relative links against the page URL', () => {
    const link = Array.from(doc.querySelectorAll('a')).find((a) => a.textContent === 'the story of the storm');
    expect(link?.getAttribute('href')).toBe('https://news.example/town/archive/storm.html');
  });

  it('puts lazy images in place and keeps the best srcset candidate', () => {
    const srcs = Array.from(doc.querySelectorAll('img')).map((img) => img.getAttribute('src'));
    expect(srcs).toContain('https://news.example/pics/lazy.jpg');
    expect(srcs).toContain('https://news.example/pics/large.jpg');
    expect(srcs).toContain('https://news.example/town/2024/img/plain-2x.png');
    expect(srcs.some((s) => s?.startsWith('data:'))).toBe(false);
    expect(doc.querySelector('[srcset]')).toBeNull();
  });

  it('marks every image as a slot and fills slots with local names or remote URLs', () => {
    expect(page.images.urls).toHaveLength(3);
    expect(page.html).not.toContain('https://news.example/pics/lazy.jpg');
    const local = new Map([['https://news.example/pics/lazy.jpg', 'tidings-asset:abc.jpg']]);
    const html = fillImages(page.html, page.images, local);
    expect(html).toContain('src="tidings-asset:abc.jpg"');
    expect(html).toContain('src="https://news.example/pics/large.jpg"');
    expect(html).not.toContain('tidings-slot-');
  });

  it('stores plain text with one paragraph per block', () => {
    const paragraphs = page.text.split('\n\n');
    expect(paragraphs.filter((p) => p.startsWith('Paragraph '))).toHaveLength(8);
    expect(page.text).not.toMatch(/<|>/);
  });
});

describe('extractPage on hostile and empty pages', () => {
  it('sanitizes a hostile page: no script, handler, frame, form, javascript: link, or refresh', () => {
    const page = extractPage(fixture('hostile-article.html'), PAGE);
    expect(page.readable).toBe(true);
    const doc = new JSDOM(fillImages(page.html, page.images, new Map())).window.document;
    expect(doc.querySelectorAll('script, iframe, form, input, meta, base')).toHaveLength(0);
    for (const el of Array.from(doc.querySelectorAll('*'))) {
      expect(Array.from(el.attributes).filter((a) => a.name.startsWith('on'))).toEqual([]);
    }
    for (const a of Array.from(doc.querySelectorAll('a'))) expect(a.getAttribute('href') ?? '').not.toMatch(/javascript/i);
    // The page's javascript: <base> was ignored: the image resolves against the page URL.
    expect(page.images.urls).toEqual(['https://news.example/town/2024/x.png']);
  });

  it('says why when Readability finds no article, keeping the title', () => {
    const page = extractPage(fixture('no-text-only-script-and-image.html'), PAGE);
    expect(page.readable).toBe(false);
    expect(page.reason).toMatch(/no article|no text/);
    expect(page.meta.title).toBe('Gallery');
  });
});

describe('cleanFragment (feed item HTML)', () => {
  it('sanitizes, resolves against the feed item URL and marks images', () => {
    const out = cleanFragment('<p onmouseover="alert(1)">Hi <a href="/x">x</a><img data-src="/i.png" src="data:image/gif;base64,R0lGOD"></p><script>alert(1)</script>', PAGE);
    expect(out.images.urls).toEqual(['https://news.example/i.png']);
    const html = fillImages(out.html, out.images, new Map());
    expect(html).toBe('<p>Hi <a href="https://news.example/x">x</a><img src="https://news.example/i.png"></p>');
    expect(out.text).toBe('Hi x');
    expect(out.wordCount).toBe(2);
  });

  it('keeps what the item says: entities decoded once, content around stray <body>/<html> tags', () => {
    const out = cleanFragment('<p title="a &amp;amp; b">x &amp;amp; y</p><body class="z"><p>after body</p></body></html><p>end</p>', PAGE);
    expect(out.html).toBe('<p title="a &amp;amp; b">x &amp;amp; y</p><p>after body</p><p>end</p>');
    expect(out.text).toBe('x &amp; y\n\nafter body\n\nend');
  });

  it('gives every fragment its own slot nonce, so one item\'s slots never fill another\'s', () => {
    const a = cleanFragment('<img src="/a.png">', PAGE);
    const b = cleanFragment('<img src="/a.png">', PAGE);
    expect(a.images.nonce).toMatch(/^[0-9a-z]{17,}$/);
    expect(a.images.nonce).not.toBe(b.images.nonce);
    expect(fillImages(a.html, b.images, new Map([['https://news.example/a.png', 'tidings-asset:x.png']]))).toBe(a.html);
  });
});
