// OPML: import keeps folders (nested as A/B), dedupes, reports unusable outlines; export is
// valid OPML 2.0 that imports back to the same list.

import { describe, expect, it } from 'vitest';
import { buildOpml, parseOpml } from '../../src/feeds/index.js';
import type { Feed } from '../../src/model/index.js';
import { fixture } from './fixtures.js';

describe('parseOpml', () => {
  it('keeps folders, nested ones as paths, and takes title when text is missing', () => {
    const list = parseOpml(fixture('subscriptions-nested-folders.opml'));
    expect(list.folders).toEqual(['Tech', 'Tech/Languages']);
    expect(list.entries).toEqual([
      { url: 'http://127.0.0.1:1/ars.xml', title: 'Ars & Co', siteUrl: 'http://127.0.0.1:1/', folder: 'Tech' },
      { url: 'http://127.0.0.1:1/rust.xml', title: 'Rust only title', siteUrl: null, folder: 'Tech/Languages' },
      { url: 'http://127.0.0.1:1/top.xml', title: 'Top level', siteUrl: null, folder: null },
    ]);
    expect(list.errors).toEqual(['opml: javascript:alert(1): not an http(s) feed URL']);
  });

  it('reads OPML 1.0 with bare ampersands', () => {
    const list = parseOpml(fixture('opml-1.0-bare-ampersands.opml'));
    expect(list.entries).toEqual([{ url: 'http://127.0.0.1:1/a?x=1&y=2', title: 'A & B', siteUrl: null, folder: 'News & Views' }]);
  });

  it('refuses a file that is not OPML', () => {
    expect(() => parseOpml('<rss><channel/></rss>')).toThrow('opml: not an OPML file (no <opml> element)');
    expect(() => parseOpml('<opml version="2.0"><head/></opml>')).toThrow('opml: no <body> in the OPML file');
  });
});

describe('buildOpml', () => {
  const feed = (title: string, url: string, folder: string | null): Feed => ({
    id: title, url, title, folder, siteUrl: null, fetchFullArticle: false, refreshMinutes: null, retentionDays: null,
    http: { etag: null, lastModified: null, bodyHash: null }, createdAt: '', lastFetchedAt: null, lastSuccessAt: null,
    lastError: null, errorCount: 0, nextFetchAt: null, gone: false,
  });

  it('escapes attributes and round-trips through parseOpml', () => {
    const feeds = [feed('Q&A "quoted" <tag>', 'https://q.example/feed?a=1&b=2', 'Folder & Co'), feed('Loose', 'https://l.example/rss', null)];
    const xml = buildOpml(feeds, new Date('2026-11-27T10:00:00Z'));
    expect(xml).toContain('<dateCreated>Fri, 27 Nov 2026 10:00:00 GMT</dateCreated>');
    expect(xml).toContain('text="Q&amp;A &quot;quoted&quot; &lt;tag&gt;"');
    const back = parseOpml(xml);
    expect(back.entries.map((e) => [e.title, e.url, e.folder])).toEqual([
      ['Loose', 'https://l.example/rss', null],
      ['Q&A "quoted" <tag>', 'https://q.example/feed?a=1&b=2', 'Folder & Co'],
    ]);
  });
});
