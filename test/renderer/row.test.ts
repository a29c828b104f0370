// @vitest-environment jsdom
// Search snippets arrive as escaped text with <mark> around matches; the list builds them as
// text nodes and <mark> elements, so nothing else in a snippet can become markup.

import { describe, expect, it } from 'vitest';
import type { ArticleSummary } from '../../src/api.js';
import { shortDate } from '../../renderer/src/dom/index.js';
import { createRow, fillRow, hostOf, snippetNodes, unescapeHtml } from '../../renderer/src/list/row.js';

const render = (snippet: string) => {
  const holder = document.createElement('div');
  holder.append(...snippetNodes(snippet));
  return holder;
};

describe('snippetNodes', () => {
  it('marks the matched words', () => {
    const el = render('the <mark>quokka</mark> grins at <mark>visitors</mark>');
    expect([...el.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['quokka', 'visitors']);
    expect(el.textContent).toBe('the quokka grins at visitors');
  });

  it('keeps escaped markup as text', () => {
    const el = render('&lt;img src=x onerror=alert(1)&gt; and <mark>&lt;b&gt;</mark>');
    expect(el.querySelector('img')).toBeNull();
    expect(el.querySelector('b')).toBeNull();
    expect(el.textContent).toBe('<img src=x onerror=alert(1)> and <b>');
  });

  it('does not turn raw tags other than mark into elements', () => {
    const el = render('<img src=x onerror=alert(1)><mark>x</mark>');
    expect(el.querySelector('img')).toBeNull();
    expect(el.textContent).toBe('<img src=x onerror=alert(1)>x');
  });
});

describe('unescapeHtml', () => {
  it('decodes named and numeric entities and leaves unknown ones', () => {
    expect(unescapeHtml('&amp;&lt;&gt;&quot;&#39;&#x142;&#322;&bogus;')).toBe('&<>"\'łł&bogus;');
  });
});

describe('the row date', () => {
  const base = {
    id: 'a1', source: 'feed', feedId: 'f', guid: null, url: 'https://x.example/1', title: 'T', byline: null, siteName: null, lang: null,
    excerpt: null, wordCount: 1, readingMinutes: 1, leadImage: null, enclosures: [], suggestedTags: [], contentHash: null,
    extraction: { status: 'feed', reason: null, attempts: 0, at: null }, read: false, starred: false, tags: [], feedTitle: 'Feed',
    savedAt: null, addedAt: '2026-03-02T10:00:00.000Z', publishedAt: '2011-05-01T10:00:00.000Z',
  } as unknown as ArticleSummary;
  const dateOf = (patch: Partial<ArticleSummary>) => {
    const row = createRow();
    fillRow(row, { ...base, ...patch }, false);
    return row.querySelector<HTMLElement>('.row-date')!;
  };

  it('shows the publication date, plainly', () => {
    const el = dateOf({});
    expect(el.textContent).toBe(shortDate('2011-05-01T10:00:00.000Z'));
    expect(el.classList.contains('first-seen')).toBe(false);
    expect(el.title).toBe('');
  });

  it('says so when the date is the time the item was first seen (no usable date, or one in the future)', () => {
    for (const publishedAt of [null, '2099-01-01T00:00:00.000Z']) {
      const el = dateOf({ publishedAt });
      expect(el.classList.contains('first-seen')).toBe(true);
      expect(el.textContent).toBe(`seen ${shortDate('2026-03-02T10:00:00.000Z')}`);
      expect(el.title).toMatch(/^First seen .*: the feed gave no usable date$/);
    }
  });

  it('shows when a saved page was saved, and a reused row forgets the marker', () => {
    const row = createRow();
    fillRow(row, { ...base, publishedAt: null }, false);
    fillRow(row, { ...base, source: 'url', feedId: null, savedAt: '2026-03-01T08:00:00.000Z' }, false);
    const el = row.querySelector<HTMLElement>('.row-date')!;
    expect(el.textContent).toBe(shortDate('2026-03-01T08:00:00.000Z'));
    expect(el.classList.contains('first-seen')).toBe(false);
    expect(el.title).toBe('');
  });
});

// One copy for the list's rows and the Highlights view (there were two, alike).
describe('hostOf', () => {
  it('names the site of an address, and nothing for what has none', () => {
    expect(hostOf('https://www.example.org/a/b?c')).toBe('www.example.org');
    expect(hostOf(null)).toBeNull();
    expect(hostOf('')).toBeNull();
    expect(hostOf('not an address')).toBeNull();
    expect(hostOf('file:///home/someone/page.html')).toBeNull();
  });
});
