// `tidings import feeds.opml`: the feeds are subscribed AND fetched (as the app's OPML import
// does), and the summary speaks of feeds, not of "new (0 stored…)" articles. Feeds (and their pages) are
// served by a 127.0.0.1 server: two small RSS feeds and one that is missing (404, counted as failed).

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

let server: Server;
let base = '';

function rss(name: string, items: number): string {
  const entries = Array.from({ length: items }, (_, i) => `<item><title>${name} item ${i + 1}</title><link>${base}/page/${name}/${i + 1}</link><guid>${name}-${i + 1}</guid><description>Text of ${name} item ${i + 1}.</description><pubDate>Mon, 0${i + 1} Jan 2024 10:00:00 GMT</pubDate></item>`);
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${name}</title><link>https://example.com/${name}</link>${entries.join('')}</channel></rss>`;
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), env: {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function opml(dir: string, name: string, paths: string[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, `<?xml version="1.0"?><opml version="2.0"><body>${paths.map((p) => `<outline type="rss" text="${p}" xmlUrl="${base}${p}"/>`).join('')}</body></opml>`);
  return file;
}

beforeAll(async () => {
  const feeds: Record<string, () => string> = { '/rivers.xml': () => rss('rivers', 2), '/bridges.xml': () => rss('bridges', 3), '/later.xml': () => rss('later', 1) };
  server = createServer((req, res) => {
    const body = feeds[req.url ?? '']?.();
    res.writeHead(body ? 200 : 404, { 'content-type': body ? 'application/rss+xml' : 'text/plain' });
    res.end(body ?? 'not here');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('cli: import of an OPML file', () => {
  it('subscribes to the feeds and fetches them, saying so in feed words', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-cli-import-opml-'));
    const result = await run(['--data-dir', dir, 'import', opml(dir, 'feeds.opml', ['/rivers.xml', '/bridges.xml', '/missing.xml'])]);
    expect(result.code).toBe(0);
    expect(result.out).toContain('3 feeds added, fetching them now');
    expect(result.out).toContain('fetched 3 feeds: 2 updated, 1 failed; 5 new articles');
    // Said in order: what was added, then the fetch's progress, then its end (not the first line last).
    expect(result.out.indexOf('3 feeds added, fetching them now')).toBeLessThan(result.out.search(/feed \d of 3/));
    expect(result.out).not.toMatch(/stored|to fetch/);
    // Progress of each feed as it is fetched, as `refresh` shows it.
    expect(result.out).toMatch(/feed \d of 3: .*missing\.xml.*failed/);
    const list = JSON.parse((await run(['--data-dir', dir, '--json', 'list', '--limit=50'])).out);
    expect((list.items ?? list).filter((a: { feedId: string | null }) => a.feedId !== null).map((a: { title: string }) => a.title).sort()).toEqual(['bridges item 1', 'bridges item 2', 'bridges item 3', 'rivers item 1', 'rivers item 2']);
  }, 60_000);

  it('a second file: only the new feed is added and fetched, the known ones are named as already subscribed', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-cli-import-opml-'));
    expect((await run(['--data-dir', dir, 'import', opml(dir, 'one.opml', ['/rivers.xml', '/bridges.xml'])])).code).toBe(0);
    const again = await run(['--data-dir', dir, 'import', opml(dir, 'two.opml', ['/rivers.xml', '/bridges.xml', '/later.xml'])]);
    expect(again.code).toBe(0);
    expect(again.out).toContain('1 feed added, fetching it now; 2 already subscribed');
    expect(again.out).toContain('fetched 1 feed: 1 updated, 0 failed; 1 new article');
    const same = await run(['--data-dir', dir, 'import', opml(dir, 'two.opml', ['/rivers.xml', '/bridges.xml', '/later.xml'])]);
    expect(same).toMatchObject({ code: 0, out: '0 feeds added; 3 already subscribed' });
  }, 60_000);

  it('--json: the result with the first fetch of the new feeds', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-cli-import-opml-'));
    const result = await run(['--data-dir', dir, '--json', 'import', opml(dir, 'feeds.opml', ['/rivers.xml'])]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ format: 'opml', feeds: { added: 1, existing: 0, refreshing: 1, refresh: { feeds: 1, ok: 1, failed: 0, newArticles: 2 } } });
  }, 60_000);
});
