// The feed commands of the command line against a local server: add, list, rename, move,
// refresh with progress lines, OPML out and in, discover, remove, and their exit codes.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { type LocalServer, startServer } from '../net/local-server.js';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['--data-dir', dir, ...args], { out: (l) => out.push(l), err: (l) => err.push(l), env: {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const FEED = `<?xml version="1.0"?><rss version="2.0"><channel><title>CLI Feed</title><link>https://cli.example/</link>
<item><guid>1</guid><title>One</title><link>https://cli.example/1</link><description>first</description></item>
<item><guid>2</guid><title>Two</title><link>https://cli.example/2</link><description>second</description></item>
</channel></rss>`;

let dir: string;
let server: LocalServer;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-cli-feeds-'));
  server = await startServer((req, res) => {
    if (req.url === '/feed.xml') res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"e1"' }).end(FEED);
    else if (req.url === '/page') res.writeHead(200, { 'content-type': 'text/html' }).end('<html><head><link rel="alternate" type="application/rss+xml" title="Main" href="/feed.xml"></head><body></body></html>');
    else res.writeHead(404).end();
  });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('feed commands', () => {
  let id = '';

  it('discovers and adds a feed into a folder', async () => {
    const found = await run(['discover', server.url('/page')]);
    expect(found).toMatchObject({ code: 0, out: `${server.url('/feed.xml')}  (rss, Main)\n1 feeds found` });
    const added = await run(['add-feed', server.url('/page'), '--folder=News']);
    expect(added.code).toBe(0);
    expect(added.out).toMatch(/^added [0-9a-f]{16} {2}News\/CLI Feed {2}2 unread of 2 {2}http:\/\/127\.0\.0\.1:\d+\/feed\.xml, 2 new articles$/);
    id = added.out.split(' ')[1]!;
    expect((await run(['add-feed', server.url('/feed.xml')])).out).toMatch(/^already subscribed: /);
  });

  it('lists, renames and moves', async () => {
    expect((await run(['feeds'])).out).toContain(`${id}  News/CLI Feed  2 unread of 2`);
    expect((await run(['rename-feed', id, 'My', 'feed'])).out).toContain('renamed: ');
    expect((await run(['move-feed', id, 'Reading'])).out).toContain('Reading/My feed');
    expect((await run(['move-feed', id, '--none'])).out).toContain(`${id}  My feed`);
    const json = JSON.parse((await run(['--json', 'feeds'])).out);
    expect(json[0]).toMatchObject({ id, title: 'My feed', folder: null, unread: 2 });
  });

  it("sets a feed's own interval, keeping period and full articles, and back to the defaults", async () => {
    const set = await run(['feed-options', id, '--every=30', '--keep=14', '--full']);
    expect(set).toMatchObject({ code: 0, out: expect.stringMatching(/: refreshed every 30 min, read articles kept 14 days, full articles always$/) });
    expect(JSON.parse((await run(['--json', 'feeds'])).out)[0]).toMatchObject({ refreshMinutes: 30, retentionDays: 14, fetchFullArticle: true });
    const back = await run(['feed-options', id, '--every-default', '--keep-forever', '--no-full']);
    expect(back.out).toMatch(/: refreshed at the default interval, read articles kept forever, the feed's text only$/);
    expect((await run(['feed-options', id, '--auto-full'])).out).toMatch(/, full articles for teasers$/);
    expect(JSON.parse((await run(['--json', 'feeds'])).out)[0]).toMatchObject({ fullText: 'auto', fetchFullArticle: false });
    expect(await run(['feed-options', id])).toMatchObject({ code: 2, err: expect.stringContaining('give at least one option') });
    // Refused before the archive is opened, with the bounds of LIMITS (the engine's floor is 5 minutes).
    expect(await run(['feed-options', id, '--every=2'])).toMatchObject({ code: 2, err: "tidings: feed-options: --every must be a whole number from 5 to 525600, not '2'" });
  });

  it('refreshes with a progress line per feed', async () => {
    const { code, out } = await run(['refresh']);
    expect(code).toBe(0);
    expect(out).toBe('feed 1 of 1: My feed: 0 new\n1 feeds: 0 updated, 1 unchanged, 0 failed; 0 new articles');
  });

  it('exports and imports OPML', async () => {
    const file = path.join(dir, 'subs.opml');
    expect((await run(['export-opml', file])).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain(`xmlUrl="${server.url('/feed.xml')}"`);
    expect((await run(['import-opml', file])).out).toBe("0 feeds added, 1 already there, 0 folders; run 'tidings refresh' to fetch them");
    expect((await run(['import-opml', path.join(dir, 'nope.opml')]))).toMatchObject({ code: 2, err: `tidings: opml: ${path.join(dir, 'nope.opml')}: no such file` });
  });

  it('gives exit code 2 for unknown feeds and bad URLs, and removes a feed', async () => {
    expect(await run(['remove-feed', 'nope'])).toMatchObject({ code: 2, err: 'tidings: feeds: nope: no such feed' });
    expect((await run(['add-feed', 'ftp://x'])).code).toBe(2);
    expect(await run(['remove-feed', id])).toMatchObject({ code: 0, out: `removed ${id}` });
    expect((await run(['feeds'])).out).toBe('0 feeds');
  });
});
