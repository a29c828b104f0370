// Image downloads never hold a slot a page or a feed needs. Eight image hosts that accept and
// never answer, three articles' worth of 200 images each queued: a page on another host is
// fetched at once (it waited for the images' 20 s deadlines behind the shared 8 slots).

import type { Socket } from 'node:net';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { downloadImages } from '../../src/extract/images.js';
import { fetchUrl } from '../../src/net/index.js';
import { IMAGE_FETCH, imageLimiter, limiter } from '../../src/net/fetch.js';
import { type LocalServer, startServer } from './local-server.js';

const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A host that accepts connections and never says a word (the worst image host there is). */
async function silentHost(host: string): Promise<string> {
  const sockets = new Set<Socket>();
  const server = net.createServer((socket) => void sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  closers.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `http://${host}:${(server.address() as net.AddressInfo).port}`;
}

describe('image downloads and other fetches', () => {
  it('fetch a page at once while 600 images on silent hosts are queued', { timeout: 8000 }, async () => {
    const hosts = await Promise.all(Array.from({ length: 8 }, (_, i) => silentHost(`127.0.0.${i + 2}`)));
    const page: LocalServer = await startServer((_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<p>hello</p>'), '127.0.0.1');
    closers.push(() => page.close());
    const store = { writeAsset: async () => 'x.png' };
    const articles = [0, 1, 2].map((a) => ({ nonce: `n${a}`, urls: Array.from({ length: 200 }, (_, i) => `${hosts[i % hosts.length]}/img-${a}-${i}.png`) }));
    const downloads = articles.map((slots) => downloadImages(slots, store, { remote: true, localRoot: null }));
    // Let the images take whatever slots they can before the page asks for one.
    await new Promise((resolve) => setTimeout(resolve, 300));
    let imagesDone = false;
    void Promise.all(downloads).then(() => (imagesDone = true));
    const response = await fetchUrl(page.url('/article'));
    expect(response.status).toBe(200);
    expect(imagesDone).toBe(false);
    expect(limiter.busy()).toBe(0);
    expect(imageLimiter.busy()).toBeGreaterThan(0);
  });

  it('gives images shorter deadlines than pages', () => {
    expect(IMAGE_FETCH.connectTimeoutMs).toBeLessThanOrEqual(5_000);
    expect(IMAGE_FETCH.timeoutMs).toBeLessThanOrEqual(15_000);
  });
});
