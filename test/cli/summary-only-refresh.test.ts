// `tidings refresh` of a summary-only feed returns only once the full texts it queued are
// stored (the process ends right after: what was still queued would be dropped); the wait is
// bounded, and when it gives up a line says how many are still pending.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/archive/index.js';
import { main } from '../../src/cli/main.js';
import { waitForFullTexts } from '../../src/cli/full-texts.js';
import { type LocalServer, startServer } from '../net/local-server.js';

const ITEMS = 7; // more than the queue runs at once, so some wait in it
let server: LocalServer;
let dir: string;
let serveItems = false;
const story = (n: string) => `<!doctype html><html><head><title>Story ${n}</title></head><body><article><h1>Story ${n}</h1>${'<p>The council met on a wet Tuesday and agreed, after a long debate, to keep the old library open on Sundays.</p>'.repeat(8)}</article></body></html>`;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-cli-full-text-'));
  server = await startServer((req, res) => {
    if (req.url === '/teasers.xml') {
      const items = Array.from({ length: serveItems ? ITEMS : 0 }, (_, n) => `<item><guid>t${n}</guid><title>Teaser ${n}</title><link>${server.origin}/story${n}.html</link><description>First lines of story ${n}… Read more</description></item>`).join('');
      return res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Teasers</title><link>${server.origin}/</link><description>d</description>${items}</channel></rss>`);
    }
    const page = /^\/story(\d+)\.html$/.exec(req.url ?? '');
    // Slow pages: the refresh itself is long over when they arrive.
    if (page) return void setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end(story(page[1]!)), 300);
    res.writeHead(404).end();
  });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const code = await main(['--data-dir', dir, ...args], { out: (l) => out.push(l), err: () => undefined, env: {} });
  return { code, out: out.join('\n') };
}

describe('refresh waits for the full texts it queued', () => {
  it('every teaser has its full text when the command returns', async () => {
    // Subscribed while the feed was empty; the refresh of the command line brings the teasers.
    const archive = await openArchive(dir);
    const added = await archive.addFeed(server.url('/teasers.xml'));
    await archive.close();
    if (added.status !== 'added') throw new Error(added.status);
    serveItems = true;
    const refreshed = await run(['refresh', added.feed.id]);
    expect(refreshed.code).toBe(0);
    expect(refreshed.out).toMatch(/7 new articles/);
    const after = await openArchive(dir);
    const items = (await after.listArticles({ feedId: added.feed.id, limit: 100 })).items;
    expect(items).toHaveLength(ITEMS);
    expect(items.map((a) => a.extraction.status)).toEqual(Array(ITEMS).fill('done'));
    await after.close();
  });

  it('gives up after its bound and says how many are left', async () => {
    const lines: string[] = [];
    const stuck = { extractionStatus: async () => ({ queued: 2, running: 1, done: 0, failed: 0 }) };
    const line = await waitForFullTexts(stuck, (l) => lines.push(l), 200);
    expect(line).toMatch(/^3 full text\(s\) still pending after 0 s/);
    expect(lines).toEqual(['fetching the full text of 3 article(s)']);
    const empty = { extractionStatus: async () => ({ queued: 0, running: 0, done: 3, failed: 0 }) };
    expect(await waitForFullTexts(empty, (l) => lines.push(l), 200)).toBeNull();
  });
});
