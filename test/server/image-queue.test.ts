// Browser mode carries the image queue to the page: imageStatus and waitForImages are calls
// like any other (waitForImages' seconds checked), and the queue's `images` events reach the
// event stream, from the first queued image to the empty queue.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive, ArchiveEvent, ImageQueueStatus } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { type RunningServer, startServer } from '../../src/server/index.js';
import { makePng } from '../e2e/harness.js';
import { type LocalServer, startServer as startSite } from '../net/local-server.js';

const PNG = makePng(8, 6, [0xd9, 0x3f, 0x8c]);
let dir: string;
let archive: Archive;
let server: RunningServer;
let site: LocalServer;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-server-image-queue-'));
  archive = await openArchive(dir);
  server = await startServer(archive, { staticDir: dir });
  site = await startSite((req, res) => {
    if (req.url === '/feed.xml') {
      const item = `<item><guid>one</guid><title>A bird</title><link>${site.origin}/one</link><description><![CDATA[<p>A bird.</p><img src="${site.origin}/bird.png" alt="a bird">]]></description></item>`;
      return res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Birds</title><link>${site.origin}/</link><description>d</description>${item}</channel></rss>`);
    }
    // A slow image: the article is listed long before it.
    if (req.url === '/bird.png') return void setTimeout(() => res.writeHead(200, { 'content-type': 'image/png' }).end(PNG), 300);
    res.writeHead(404).end();
  });
});

afterAll(async () => {
  await server.close();
  await archive.close();
  await site.close();
  rmSync(dir, { recursive: true, force: true });
});

function call(method: string, args: unknown[]): Promise<Response> {
  return fetch(`http://127.0.0.1:${server.port}/api/call/${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(args),
  });
}

/** The `images` events of the stream until one says the queue is empty. */
async function imageEvents(body: ReadableStream<Uint8Array>): Promise<ImageQueueStatus[]> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const seen: ImageQueueStatus[] = [];
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return seen;
    text += decoder.decode(value, { stream: true });
    const blocks = text.split('\n\n');
    text = blocks.pop()!;
    for (const block of blocks) {
      if (!block.startsWith('data: ')) continue;
      const event = JSON.parse(block.slice('data: '.length)) as ArchiveEvent;
      if (event.type !== 'images') continue;
      const { type: _type, ...status } = event;
      seen.push(status);
      if (status.articles === 0) return seen;
    }
  }
}

describe('the image queue in browser mode', () => {
  it('streams the images events and answers imageStatus and waitForImages', { timeout: 60_000 }, async () => {
    const controller = new AbortController();
    const stream = await fetch(`http://127.0.0.1:${server.port}/api/events`, { headers: { Authorization: `Bearer ${server.token}` }, signal: controller.signal });
    expect(stream.status).toBe(200);
    const events = imageEvents(stream.body!);
    const added = await call('addFeed', [`${site.origin}/feed.xml`]);
    expect(added.status).toBe(200);
    const seen = await events;
    controller.abort();
    expect(seen.some((s) => s.articles === 1 && s.images === 1)).toBe(true);
    expect(seen.at(-1)).toMatchObject({ articles: 0, images: 0, stored: 1, failed: 0, active: true });
    const status = await call('imageStatus', []);
    expect(status.status).toBe(200);
    expect(((await status.json()) as { result: ImageQueueStatus }).result).toMatchObject({ articles: 0, images: 0, stored: 1, active: true });
    const waited = await call('waitForImages', [1]);
    expect(((await waited.json()) as { result: ImageQueueStatus }).result).toMatchObject({ articles: 0, stored: 1 });
    for (const bad of [[-1], ['5'], [86_401], []]) expect((await call('waitForImages', bad)).status, JSON.stringify(bad)).toBe(400);
  });
});
