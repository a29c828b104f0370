// fetchUrl against real local servers: conditional GET, redirects, compression, caps, timeouts.

import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchUrl, USER_AGENT } from '../../src/net/index.js';
import { type Handler, type LocalServer, startServer } from './local-server.js';

let server: LocalServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function serve(handler: Handler): Promise<LocalServer> {
  server = await startServer(handler);
  return server;
}

describe('fetchUrl', () => {
  it('sends our User-Agent, Accept and Accept-Encoding, and returns status, headers and body', async () => {
    let seen: Record<string, string | string[] | undefined> = {};
    const s = await serve((req, res) => {
      seen = req.headers;
      res.writeHead(200, { 'content-type': 'text/plain', 'x-thing': 'yes' }).end('hello');
    });
    const result = await fetchUrl(s.url('/a'), { accept: 'text/plain' });
    expect(seen['user-agent']).toBe(USER_AGENT);
    expect(seen['accept']).toBe('text/plain');
    expect(seen['accept-encoding']).toBe('gzip, deflate, br');
    expect(result.status).toBe(200);
    expect(result.headers['x-thing']).toBe('yes');
    expect(result.body.toString()).toBe('hello');
    expect(result.notModified).toBe(false);
    expect(result.url).toBe(s.url('/a'));
  });

  it('sends the stored ETag and Last-Modified exactly as received and reports 304', async () => {
    const etag = 'W/"abc-123"';
    const lastModified = 'Tue, 03 Nov 2026 10:00:00 GMT';
    const s = await serve((req, res) => {
      if (req.headers['if-none-match'] === etag && req.headers['if-modified-since'] === lastModified) res.writeHead(304).end();
      else res.writeHead(200, { etag, 'last-modified': lastModified }).end('<rss/>');
    });
    const first = await fetchUrl(s.url('/feed'));
    expect(first.status).toBe(200);
    expect(first.headers['etag']).toBe(etag);
    const second = await fetchUrl(s.url('/feed'), { etag: first.headers['etag'], lastModified: first.headers['last-modified'] });
    expect(second.status).toBe(304);
    expect(second.notModified).toBe(true);
    expect(second.body.length).toBe(0);
  });

  it('follows a redirect chain and reports every hop with its status', async () => {
    const s = await serve((req, res) => {
      if (req.url === '/old') res.writeHead(301, { location: '/moved' }).end();
      else if (req.url === '/moved') res.writeHead(302, { location: `http://127.0.0.1:${s.port}/final?x=1` }).end('ignored body');
      else if (req.url === '/final?x=1') res.writeHead(200).end('done');
      else res.writeHead(404).end();
    });
    const result = await fetchUrl(s.url('/old'));
    expect(result.status).toBe(200);
    expect(result.body.toString()).toBe('done');
    expect(result.url).toBe(s.url('/final?x=1'));
    expect(result.redirects).toEqual([
      { status: 301, url: s.url('/moved') },
      { status: 302, url: s.url('/final?x=1') },
    ]);
  });

  it('stops a redirect loop with a clear error', async () => {
    const s = await serve((req, res) => {
      res.writeHead(302, { location: req.url === '/a' ? '/b' : '/a' }).end();
    });
    await expect(fetchUrl(s.url('/a'))).rejects.toThrow(`net: ${s.url('/a')}: redirect loop at ${s.url('/a')}`);
  });

  it('stops after 5 redirects', async () => {
    let hits = 0;
    const s = await serve((req, res) => {
      hits++;
      const n = Number(req.url!.slice(1));
      res.writeHead(307, { location: `/${n + 1}` }).end();
    });
    await expect(fetchUrl(s.url('/0'))).rejects.toThrow('more than 5 redirects');
    expect(hits).toBe(6);
  });

  it('refuses a redirect to a non-http scheme', async () => {
    const s = await serve((_req, res) => res.writeHead(301, { location: 'file:///etc/passwd' }).end());
    await expect(fetchUrl(s.url('/x'))).rejects.toThrow('only http and https URLs can be fetched, not file: (redirected to file:///etc/passwd)');
  });

  it('refuses non-http URLs and garbage before connecting', async () => {
    await expect(fetchUrl('ftp://127.0.0.1/feed')).rejects.toMatchObject({ kind: 'invalid' });
    await expect(fetchUrl('not a url')).rejects.toThrow('net: not a url: not a valid URL');
  });

  it('returns 429, 410 and 500 answers instead of throwing', async () => {
    const s = await serve((req, res) => {
      if (req.url === '/busy') res.writeHead(429, { 'retry-after': '120' }).end('slow down');
      else if (req.url === '/gone') res.writeHead(410).end();
      else res.writeHead(500).end('oops');
    });
    const busy = await fetchUrl(s.url('/busy'));
    expect(busy.status).toBe(429);
    expect(busy.headers['retry-after']).toBe('120');
    expect((await fetchUrl(s.url('/gone'))).status).toBe(410);
    expect((await fetchUrl(s.url('/err'))).status).toBe(500);
  });

  it.each([
    ['gzip', gzipSync],
    ['br', brotliCompressSync],
    ['deflate', deflateSync],
    ['deflate', deflateRawSync],
  ] as const)('decompresses a %s body itself', async (coding, compress) => {
    const text = '<rss>' + 'zażółć gęślą jaźń '.repeat(500) + '</rss>';
    const s = await serve((_req, res) => res.writeHead(200, { 'content-encoding': coding }).end(compress(Buffer.from(text))));
    const result = await fetchUrl(s.url('/z'));
    expect(result.body.toString('utf8')).toBe(text);
  });

  it('fails clearly on a corrupt gzip body and on an unknown encoding', async () => {
    const s = await serve((req, res) => {
      res.writeHead(200, { 'content-encoding': req.url === '/bad' ? 'gzip' : 'zstd-x' }).end('not gzip at all');
    });
    await expect(fetchUrl(s.url('/bad'))).rejects.toThrow(/could not decode gzip body/);
    await expect(fetchUrl(s.url('/odd'))).rejects.toThrow('unsupported Content-Encoding "zstd-x"');
  });

  it('caps the decompressed size (a compression bomb)', async () => {
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(100 * 1024);
    const s = await serve((_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(bomb));
    await expect(fetchUrl(s.url('/bomb'), { maxBytes: 1024 * 1024 })).rejects.toThrow('body larger than 1048576 bytes');
  });

  it('stops reading a 50 MB streamed body at the cap', async () => {
    const total = 50 * 1024 * 1024;
    let sent = 0;
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = () => {
        while (sent < total) {
          sent += chunk.length;
          if (!res.write(chunk)) return res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    await expect(fetchUrl(s.url('/huge'))).rejects.toThrow('body larger than 10485760 bytes');
    expect(sent).toBeLessThan(total);
  });

  it('refuses a body whose Content-Length is over the cap without reading it', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(50 * 1024 * 1024) });
      res.write(Buffer.alloc(1024));
    });
    await expect(fetchUrl(s.url('/declared'), { maxBytes: 1024 * 1024 })).rejects.toThrow('body larger than 1048576 bytes');
  });

  it('times out on a server that never answers', async () => {
    const s = await serve(() => {
      /* never answers */
    });
    await expect(fetchUrl(s.url('/stall'), { timeoutMs: 300 })).rejects.toThrow(`net: ${s.url('/stall')}: timed out after 300 ms`);
  });

  it('times out on a server that stalls in the middle of the body', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.write('<rss><channel>');
    });
    await expect(fetchUrl(s.url('/half'), { timeoutMs: 300 })).rejects.toThrow('timed out after 300 ms');
  });

  it('reports a refused connection clearly', async () => {
    const s = await serve((_req, res) => res.end());
    const url = s.url('/x');
    await s.close();
    server = null;
    await expect(fetchUrl(url)).rejects.toThrow(`net: ${url}: connection refused`);
  });

  it('can be cancelled by the caller', async () => {
    const s = await serve(() => {
      /* never answers */
    });
    const controller = new AbortController();
    const pending = fetchUrl(s.url('/slow'), { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toThrow('cancelled');
  });
});
