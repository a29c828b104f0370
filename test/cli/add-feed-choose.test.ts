// add-feed when a page offers several feeds (exit 2 and the list, or --first), a page with no
// feed, and import-opml that fetches the new feeds at once (or not, with --no-refresh).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { type LocalServer, startServer } from '../net/local-server.js';

let dir: string;
let server: LocalServer;
const hits: string[] = [];

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['--data-dir', dir, ...args], { out: (l) => out.push(l), err: (l) => err.push(l), env: {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const rss = (name: string) => `<?xml version="1.0"?><rss version="2.0"><channel><title>${name}</title><link>https://x.example/</link><item><guid>${name}1</guid><title>${name} one</title><link>https://x.example/${name}/1</link></item></channel></rss>`;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-cli-add-'));
  server = await startServer((req, res) => {
    hits.push(req.url ?? '');
    const name = /^\/(\w+)\.rss$/.exec(req.url ?? '')?.[1];
    if (name) return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(name));
    if (req.url === '/two') {
      return void res.writeHead(200, { 'content-type': 'text/html' }).end(`<html><head>
        <link rel="alternate" type="application/rss+xml" title="Comments on: Site" href="/comments.rss">
        <link rel="alternate" type="application/atom+xml" title="Site" href="/posts.rss"></head></html>`);
    }
    if (req.url === '/none') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><head><title>x</title></head></html>');
    res.writeHead(404).end();
  });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('add-feed on a page with several feeds', () => {
  it('exits 2 listing URL and title, one per line, comment feeds last, and adds nothing', async () => {
    const result = await run(['add-feed', server.url('/two')]);
    expect(result.code).toBe(2);
    expect(result.out).toBe(`${server.url('/posts.rss')}  Site\n${server.url('/comments.rss')}  Comments on: Site`);
    expect(result.err).toContain('offers 2 feeds');
    expect(result.err).toContain('--first');
    expect((await run(['feeds'])).out).toBe('0 feeds');
  });

  it('with --first takes the first of them', async () => {
    const result = await run(['add-feed', '--first', server.url('/two')]);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^added [0-9a-f]{16} {2}posts {2}1 unread of 1 {2}http:\/\/127\.0\.0\.1:\d+\/posts\.rss, 1 new articles$/);
  });

  it('documents --first in its help', async () => {
    expect((await run(['add-feed', '--help'])).out).toMatch(/--first\s+if the page offers several feeds, take the first/);
  });

  it('exits 2 with what to do when the page has no feed', async () => {
    const result = await run(['add-feed', `127.0.0.1:${server.port}/none`]);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`No feed found at 127.0.0.1:${server.port}/none`);
  });
});

describe('import-opml', () => {
  const opml = (names: string[]) => `<opml version="2.0"><body>${names.map((n) => `<outline type="rss" text="${n}" xmlUrl="${server.url(`/${n}.rss`)}"/>`).join('')}<outline type="rss" text="bad" xmlUrl="javascript:alert(1)"/></body></opml>`;

  it('fetches the new feeds at once and prints a summary', async () => {
    const file = path.join(dir, 'a.opml');
    writeFileSync(file, opml(['alpha', 'beta', 'beta']));
    const result = await run(['import-opml', file]);
    expect(result.code).toBe(0);
    expect(result.out).toContain('2 feeds added, 0 already there, 1 duplicate, 1 invalid, 0 folders');
    expect(result.out).toContain('first refresh: 2 updated, 0 failed; 2 new articles');
    expect(hits).toContain('/alpha.rss');
  });

  it('with --no-refresh only subscribes', async () => {
    const file = path.join(dir, 'b.opml');
    writeFileSync(file, opml(['gamma']));
    const result = await run(['import-opml', '--no-refresh', file]);
    expect(result.code).toBe(0);
    expect(result.out).toContain("1 feed added, 0 already there, 1 invalid, 0 folders; run 'tidings refresh' to fetch them");
    expect(hits).not.toContain('/gamma.rss');
  });
});
