// Item 4 of issue 11 end to end: the Content-Location header reaches the parser through a real
// refresh (served from 127.0.0.1), and the bytes of a UTF-16/UTF-32 feed without a BOM or of a
// UTF-8 feed holding windows-1252 bytes come out as titles the writer meant (bytes → decoded →
// parsed). And a hostile megabyte title still parses in linear time.

import { afterEach, describe, expect, it } from 'vitest';
import { parseBody, parseFeed } from '../../src/feeds/index.js';
import type { ParsedFeed } from '../../src/feeds/model.js';
import { fetchFeed } from '../../src/feeds/refresh.js';
import type { Feed } from '../../src/model/index.js';
import { type LocalServer, startServer } from '../net/local-server.js';
import { fixture } from './fixtures.js';

const servers: LocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function feedAt(url: string): Feed {
  return {
    id: 'f1', url, siteUrl: null, title: 'x', folder: null, fetchFullArticle: false, refreshMinutes: null, retentionDays: null,
    http: { etag: null, lastModified: null, bodyHash: null }, createdAt: '', lastFetchedAt: null, lastSuccessAt: null, lastError: null,
    errorCount: 0, nextFetchAt: null, gone: false,
  };
}

describe('Content-Location through a refresh', () => {
  it('resolves relative links against the Content-Location header, not the URL fetched', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-location': '/feeds/main.xml' });
      res.end(fixture('relative-links-no-base.rss'));
    });
    servers.push(server);
    // The fetch step hands the parse step the final URL and the header.
    const fetched = await fetchFeed(feedAt(server.url('/alias/rss')), { refreshMinutes: 60 });
    expect(fetched.status).toBe('changed');
    if (fetched.status !== 'changed') return;
    expect(fetched.contentLocation).toBe('/feeds/main.xml');
    const parsed: ParsedFeed | null = await parseBody(fetched.body, fetched.contentType, fetched.url, fetched.contentLocation);
    expect(parsed!.items[0]!.link).toBe(server.url('/feeds/posts/1.html'));
  });
});

const RSS = (title: string) => `<?xml version="1.0"?><rss version="2.0"><channel><title>Charset</title><item><guid>1</guid><title>${title}</title></item></channel></rss>`;

function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  return le.swap16();
}

function utf32(text: string, bigEndian: boolean): Buffer {
  const points = [...text].map((c) => c.codePointAt(0)!);
  const out = Buffer.alloc(points.length * 4);
  points.forEach((p, i) => (bigEndian ? out.writeUInt32BE(p, i * 4) : out.writeUInt32LE(p, i * 4)));
  return out;
}

describe('bytes to titles (charset then parse)', () => {
  const title = 'Zażółć gęślą jaźń — “ok”';
  it.each([
    ['UTF-16 LE without BOM', Buffer.from(RSS(title), 'utf16le')],
    ['UTF-16 BE without BOM', utf16be(RSS(title))],
    ['UTF-32 LE without BOM', utf32(RSS(title), false)],
    ['UTF-32 BE without BOM', utf32(RSS(title), true)],
  ])('%s', async (_name, bytes) => {
    const feed = await parseBody(bytes, 'application/rss+xml', 'https://charset.example/feed');
    expect(feed.items[0]!.title).toBe(title);
  });

  it('windows-1252 bytes inside a UTF-8 feed ("don\\x92t") come out as the writer meant', async () => {
    const [head, tail] = RSS('Café don\u0000t').split('\u0000') as [string, string];
    const bytes = Buffer.concat([Buffer.from(head, 'utf8'), Buffer.from([0x92]), Buffer.from(tail, 'utf8')]);
    const feed = await parseBody(bytes, 'application/rss+xml', 'https://charset.example/feed');
    expect(feed.items[0]!.title).toBe('Café don’t');
  });
});

describe('a hostile megabyte title', () => {
  const MB = 1 << 20;
  const atom = (title: string) => `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><id>1</id>${title}</entry><entry><id>2</id><title>after</title></entry></feed>`;

  it.each([
    ['an html title of unclosed quoted attributes', `<title type="html">${'&lt;a title="&gt;'.repeat(MB / 18)}</title>`],
    ['an html title of tags never closed', `<title type="html">${'&lt;b '.repeat(MB / 7)}</title>`],
    ['a text title of angle brackets', `<title>${'&lt;'.repeat(MB / 4)}</title>`],
    ['an RSS-style author of parentheses and brackets', `<title>x</title><author><name>${'(&lt;@'.repeat(MB / 7)}</name></author>`],
  ])('%s parses quickly', { timeout: 20_000 }, async (_name, title) => {
    const feed = await parseFeed(atom(title), 'https://hostile.example/feed');
    expect(feed.items.at(-1)!.title).toBe('after');
  });

  it('an RSS title of a megabyte of end-tag starts (the looks-like-HTML test)', { timeout: 20_000 }, async () => {
    const feed = await parseFeed(RSS(`${'&lt;/bb'.repeat(MB / 7)}&lt;/b&gt;`), 'https://hostile.example/rss');
    expect(feed.items).toHaveLength(1);
  });

  it('an xhtml title of a megabyte of unclosed tags ends (parsed or refused)', { timeout: 20_000 }, async () => {
    const title = `<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${'<b x="'.repeat(MB / 6)}</div></title>`;
    await parseFeed(atom(title), 'https://hostile.example/feed').catch(() => null);
  });
});
