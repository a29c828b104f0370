// FeedParser: fetched bodies decoded and parsed in worker threads. The result is the one the
// same body gives in this thread, charset included; a parse error keeps its readable message
// across the thread boundary; a feed that would keep the parser busy too long is stopped and
// the parser goes on with the next one.

import { afterEach, describe, expect, it } from 'vitest';
import { FeedParser, parseBody } from '../../src/feeds/index.js';
import { fixtureBytes } from './fixtures.js';

let parser: FeedParser | null = null;
afterEach(async () => {
  await parser?.close();
  parser = null;
});

/** An RSS feed with `items` items: big enough that parsing it takes a good while. */
function bigFeed(items: number): Uint8Array {
  const item = (i: number) => `<item><title>Item ${i}</title><link>https://big.example/${i}</link><description>${'<p>text &amp; more text</p>'.repeat(20)}</description></item>`;
  return Buffer.from(`<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>${Array.from({ length: items }, (_, i) => item(i)).join('')}</channel></rss>`);
}

describe('FeedParser', () => {
  it('gives what parsing in this thread gives, windows-1250 Polish included', async () => {
    parser = new FeedParser({ size: 1 });
    const body = fixtureBytes('windows-1250-polish.xml');
    const url = 'https://pl.example/feed.xml';
    const inWorker = await parser.parse(body, 'application/rss+xml', url);
    expect(inWorker).toEqual(await parseBody(body, 'application/rss+xml', url));
    expect(JSON.stringify(inWorker)).toMatch(/[ąęłńóśźż]/);
  });

  it('keeps a parse error readable, with the module and the feed URL, as in this thread', async () => {
    parser = new FeedParser({ size: 1 });
    const body = fixtureBytes('malformed-unclosed.xml');
    const url = 'https://broken.example/feed.xml';
    const local = await parseBody(body, 'application/rss+xml', url).catch((error: Error) => error);
    const remote = await parser.parse(body, 'application/rss+xml', url).catch((error: Error) => error);
    expect(remote).toBeInstanceOf(Error);
    expect((remote as Error).message).toBe((local as Error).message);
    expect((remote as Error).message).toMatch(/^feeds: https:\/\/broken\.example\/feed\.xml: cannot parse/);
    expect(remote).toMatchObject({ name: 'TidingsError', module: 'feeds' });
  });

  it('stops a feed that keeps the parser busy past the time limit and parses the next one', async () => {
    parser = new FeedParser({ size: 1, timeoutMs: 150 });
    const slow = parser.parse(bigFeed(40_000), 'application/rss+xml', 'https://big.example/feed');
    const next = parser.parse(fixtureBytes('rss-0.91.xml'), 'application/rss+xml', 'https://next.example/feed');
    await expect(slow).rejects.toThrow(/^feeds: https:\/\/big\.example\/feed: took longer than 0\.2 s; stopped/);
    await expect(next).resolves.toMatchObject({ format: 'rss' });
    expect(parser.started).toBe(2);
  });

  it('answers an empty feed document among good ones at once, with an error for it alone', async () => {
    // rss-parser keeps one xml2js parser; after a good feed it is left flagged as ended, so a
    // document with no root element (an "empty" feed: only the XML declaration, or a comment)
    // was never answered and waited for the 20 s time limit inside a bulk refresh.
    parser = new FeedParser({ size: 1 });
    const good = fixtureBytes('rss-0.91.xml');
    await parser.parse(good, 'application/rss+xml', 'https://warm.example/feed');
    const bodies: [string, Uint8Array][] = [
      ['good-1', good],
      ['declaration-only', Buffer.from('<?xml version="1.0" encoding="utf-8"?>\n')],
      ['good-2', good],
      ['comment-only', Buffer.from('<?xml version="1.0"?><!-- nothing yet -->')],
      ['zero-bytes', new Uint8Array(0)],
      ['good-3', good],
    ];
    const outcomes = await Promise.all(bodies.map(([name, body]) => parser!.parse(body, 'application/rss+xml', `https://bulk.example/${name}`).then(() => 'parsed', (error: Error) => error.message)));
    expect(outcomes[0]).toBe('parsed');
    expect(outcomes[1]).toMatch(/^feeds: https:\/\/bulk\.example\/declaration-only: (cannot parse|not a feed)/);
    expect(outcomes[2]).toBe('parsed');
    expect(outcomes[3]).toMatch(/^feeds: https:\/\/bulk\.example\/comment-only: (cannot parse|not a feed)/);
    expect(outcomes[4]).toMatch(/^feeds: https:\/\/bulk\.example\/zero-bytes: not a feed/);
    expect(outcomes[5]).toBe('parsed');
    expect(outcomes.join('\n')).not.toMatch(/took longer than/);
  }, 15_000);

  it('refuses work once closed', async () => {
    parser = new FeedParser({ size: 1 });
    await parser.close();
    await expect(parser.parse(fixtureBytes('rss-0.91.xml'), null, 'https://closed.example/feed')).rejects.toThrow(/^feeds: https:\/\/closed\.example\/feed: the feed parsing pool is closed/);
  });

  it('lends one pool to every parser made without options: a second archive starts no worker', async () => {
    const first = new FeedParser();
    expect((await first.parse(fixtureBytes('rss-0.91.xml'), null, 'https://first.example/feed')).items.length).toBeGreaterThan(0);
    await first.close();
    const started = first.started;
    const second = new FeedParser();
    expect((await second.parse(fixtureBytes('rss-0.91.xml'), null, 'https://second.example/feed')).items.length).toBeGreaterThan(0);
    expect(second.started).toBe(started);
    await expect(first.parse(fixtureBytes('rss-0.91.xml'), null, 'https://late.example/feed')).rejects.toThrow(/^feeds: https:\/\/late\.example\/feed: the feed parsing pool is closed/);
    await second.close();
  });
});
