// "`extraction` and `stats` agree on their counts" (issue 11 item 12): the failed count of the
// extraction status is the archive's articles whose extraction failed, the same number `stats`
// gives, also in a later session (the command line opens the archive anew for each command)
// and after a failed article was extracted again with success.

import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/archive/index.js';
import { main } from '../../src/cli/main.js';
import { type LocalServer, startServer } from '../net/local-server.js';

let server: LocalServer;
let storyIsBack = false;
const story = `<!doctype html><html><head><title>Story</title></head><body><article><h1>Story</h1>${'<p>The council met on a wet Tuesday and agreed, after a long debate, to keep the old library open on Sundays.</p>'.repeat(8)}</article></body></html>`;

beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.url === '/feed.xml') {
      const item = (n: number) => `<item><guid>g${n}</guid><title>Item ${n}</title><link>${server.origin}/page${n}.html</link><description>Teaser ${n}.</description></item>`;
      return res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Counts</title><link>${server.origin}/</link><description>d</description>${item(1)}${item(2)}${item(3)}</channel></rss>`);
    }
    if (req.url === '/page1.html') return res.writeHead(200, { 'content-type': 'text/html' }).end(story);
    if (req.url === '/page2.html' && storyIsBack) return res.writeHead(200, { 'content-type': 'text/html' }).end(story);
    res.writeHead(404).end('gone');
  });
});

afterAll(async () => {
  await server.close();
});

async function settled(archive: { extractionStatus(): Promise<{ queued: number; running: number }> }): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const s = await archive.extractionStatus();
    if (s.queued + s.running === 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the extraction queue never emptied');
}

describe('extraction status and stats', () => {
  it('count the same failed extractions, in this session and the next', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-extraction-counts-'));
    const archive = await openArchive(dir);
    await archive.addFeed(server.url('/feed.xml'), { fullText: 'always' });
    await settled(archive);
    expect((await archive.stats()).failedExtractions).toBe(2);
    expect((await archive.extractionStatus()).failed).toBe(2);
    await archive.close();

    const again = await openArchive(dir);
    expect((await again.extractionStatus()).failed).toBe((await again.stats()).failedExtractions);
    expect((await again.extractionStatus()).failed).toBe(2);
    // One of them tried again with success: both say one.
    storyIsBack = true;
    const page2 = (await again.listArticles({ limit: 10 })).items.find((a) => a.title === 'Item 2')!;
    await again.extractArticle(page2.id);
    expect((await again.stats()).failedExtractions).toBe(1);
    expect((await again.extractionStatus()).failed).toBe(1);
    await again.close();

    // The command line: each command opens the archive anew.
    const lines = async (args: string[]) => {
      const out: string[] = [];
      const code = await main(['--data-dir', dir, ...args], { out: (l) => out.push(l), err: () => undefined, env: {} });
      expect(code).toBe(0);
      return out.join('\n');
    };
    expect(await lines(['extraction'])).toMatch(/failed 1$/);
    expect(await lines(['stats'])).toMatch(/failed extractions 1/);
  });
});
