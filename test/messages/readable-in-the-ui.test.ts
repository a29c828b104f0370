// The sentence reaches the UI: a failed save over browser mode's HTTP API arrives as an
// ArchiveError carrying the readable line (shown by the toasts); a feed whose refresh failed
// carries lastErrorMessage (shown by feed info) while lastError stays technical; a failed
// article carries extractionMessage; old data without them still shows something.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive, FeedSummary } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { type RunningServer, startServer } from '../../src/server/index.js';
import { createHttpClient } from '../../renderer/src/client/http.js';
import { ArchiveError } from '../../renderer/src/client/types.js';
import { messageOf } from '../../renderer/src/dialogs/toasts.js';
import { statusLines } from '../../renderer/src/manage/feed-info.js';

let pages: Server;
let site = '';
let feedUp = true;
let dir: string;
let archive: Archive;
let server: RunningServer;

beforeAll(async () => {
  pages = createServer((req, res) => {
    if (req.url === '/feed.xml' && feedUp) {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      return res.end('<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour</title><link>http://x/</link><description>d</description><item><title>Boats</title><link>http://x/boats</link><guid>b1</guid><description>Boats came in.</description></item></channel></rss>');
    }
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end('<html><body>gone</body></html>');
  });
  await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
  site = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-readable-ui-'));
  archive = await openArchive(dir);
  server = await startServer(archive, { staticDir: dir });
});

afterAll(async () => {
  await server.close();
  await archive.close();
  await new Promise((resolve) => pages.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('readable errors in the UI', () => {
  it('a failed save reaches the client as an ArchiveError with the sentence the toast shows', async () => {
    const client = createHttpClient({ baseUrl: `http://127.0.0.1:${server.port}`, token: server.token, EventSource: null });
    const error = await client.saveUrl(`${site}/moved-away`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArchiveError);
    expect((error as ArchiveError).kind).toBe('failed');
    expect((error as ArchiveError).message).toBe(`extract: ${site}/moved-away: HTTP 404`);
    expect(messageOf(error)).toBe(`Could not save ${site.replace('http://', '')}/moved-away: the page answered HTTP 404 Not Found (the address may have moved): check the site for its new address.`);
    // Input errors keep their own words (and their exact wire shape).
    const invalid = await client.saveUrl('ftp://x/').catch((e: unknown) => e);
    expect((invalid as ArchiveError).readable).toBeUndefined();
  });

  it('a kept failed page carries extractionMessage; a feed that fails carries lastErrorMessage', async () => {
    const kept = await archive.saveUrl(`${site}/moved-away`, { keepFailed: true });
    expect(kept.extractionMessage).toMatch(/^The page answered HTTP 404 Not Found/);
    expect((await archive.listArticles({ view: 'all' })).items.find((a) => a.id === kept.id)!.extractionMessage).toBe(kept.extractionMessage);

    const added = await archive.addFeed(`${site}/feed.xml`);
    if (added.status === 'choose') throw new Error('one feed expected');
    expect(added.feed.lastErrorMessage).toBeUndefined();
    feedUp = false;
    await archive.refresh({ feedId: added.feed.id });
    const feed = (await archive.listFeeds()).find((f) => f.id === added.feed.id);
    expect(feed!.lastError).toMatch(/^feeds: .*: HTTP 404$/);
    expect(feed!.lastErrorMessage).toBe('The feed answered HTTP 404 Not Found (the address may have moved): check the site for its new feed address.');
    const lines = statusLines(feed!).map((l) => l.text);
    expect(lines).toContain('The last refresh failed. The feed answered HTTP 404 Not Found (the address may have moved): check the site for its new feed address.');
  });

  it('feed info of an old summary without the sentence still shows the stored error', () => {
    const old = { lastError: 'feeds: https://a/feed: HTTP 500', errorCount: 1, lastSuccessAt: null, total: 0, unread: 0 } as unknown as FeedSummary;
    expect(statusLines(old).map((l) => l.text)).toContain('The last refresh failed: feeds: https://a/feed: HTTP 500');
  });
});
