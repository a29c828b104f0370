// Browser mode over real HTTP on 127.0.0.1: the token and Host guards, calls and their error
// statuses, the event stream, the app's files and the archive's images, and what is refused.

import { promises as fs } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive, ArchiveEvent } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { type RunningServer, startServer } from '../../src/server/index.js';
import { PAGE_CSP } from '../../src/server/respond.js';

// A 1x1 PNG, written into the archive's assets/ the way the extraction part names images.
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c63f8cfc0f01f0005000201a5d3b6a60000000049454e44ae426082', 'hex');
const ASSET = `${'a'.repeat(64)}.png`;

let dir: string;
let staticDir: string;
let archive: Archive;
let server: RunningServer;
let seedId: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tidings-server-'));
  staticDir = path.join(dir, 'renderer');
  await fs.mkdir(path.join(staticDir, 'assets'), { recursive: true });
  await fs.writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Tidings</title><script type="module" src="./assets/index-abc123.js"></script>');
  await fs.writeFile(path.join(staticDir, 'assets', 'index-abc123.js'), 'console.log("app")');
  archive = await openArchive(path.join(dir, 'data'));
  await fs.writeFile(path.join(dir, 'data', 'assets', ASSET), PNG);
  await fs.writeFile(path.join(dir, 'data', 'secret.txt'), 'not for the browser');
  server = await startServer(archive, { staticDir });
  seedId = (await archive.listArticles({})).items[0]!.id;
});

afterAll(async () => {
  await server?.close();
  await archive?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

const base = () => `http://127.0.0.1:${server.port}`;
const auth = () => ({ Authorization: `Bearer ${server.token}` });

function call(method: string, args: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base()}/api/call/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...auth(), ...headers },
    body: typeof args === 'string' ? args : JSON.stringify(args),
  });
}

/** A request exactly as written: raw path and any Host header (fetch would normalise both). */
function raw(options: { path: string; host?: string; method?: string; headers?: Record<string, string>; body?: Buffer; chunked?: boolean }): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port: server.port,
      path: options.path,
      method: options.method ?? 'GET',
      headers: { Host: options.host ?? `127.0.0.1:${server.port}`, ...options.headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (options.body && options.chunked) {
      // Written in pieces without a Content-Length: the cap must hold while streaming too.
      const piece = 1024 * 1024;
      for (let i = 0; i < options.body.length; i += piece) req.write(options.body.subarray(i, i + piece));
    } else if (options.body) {
      req.write(options.body);
    }
    req.end();
  });
}

describe('who may ask', () => {
  it('prints a loopback URL with a 64-hex token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers 401 without the token or with a wrong one', async () => {
    expect((await fetch(`${base()}/`)).status).toBe(401);
    expect((await fetch(`${base()}/?token=${'0'.repeat(64)}`)).status).toBe(401);
    expect((await call('stats', [], { Authorization: 'Bearer nope' })).status).toBe(401);
    expect((await fetch(`${base()}/api/events`)).status).toBe(401);
    expect((await fetch(`${base()}/assets/${ASSET}`)).status).toBe(401);
  });

  it('answers 403 to a Host other than our loopback port, even with the token', async () => {
    for (const host of ['evil.example', `evil.example:${server.port}`, `127.0.0.1:${server.port + 1}`, `127.0.0.2:${server.port}`]) {
      const res = await raw({ path: `/?token=${server.token}`, host });
      expect(res.status, host).toBe(403);
    }
    for (const host of [`localhost:${server.port}`, `[::1]:${server.port}`, `LOCALHOST:${server.port}`]) {
      const res = await raw({ path: `/?token=${server.token}`, host });
      expect(res.status, host).toBe(200);
    }
  });

  it('answers 403 to a call sent from another origin', async () => {
    const res = await call('stats', [], { Origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    expect((await call('stats', [], { Origin: base() })).status).toBe(200);
  });

  it('serves the page with the token in the query, sets an HttpOnly SameSite=Strict cookie that then suffices', async () => {
    const page = await fetch(`${base()}/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Tidings</title>');
    expect(page.headers.get('content-security-policy')).toBe(PAGE_CSP);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const cookie = page.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^tidings_token=[0-9a-f]{64}; /);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const again = await fetch(`${base()}/`, { headers: { Cookie: cookie.split(';')[0]! } });
    expect(again.status).toBe(200);
    expect((await fetch(`${base()}/`, { headers: { Cookie: 'tidings_token=wrong' } })).status).toBe(401);
  });
});

describe('calls', () => {
  it('runs a method with its arguments and answers { result }', async () => {
    const res = await call('listArticles', [{ limit: 5 }]);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { total: number; items: { id: string }[] } };
    expect(body.result.total).toBe(1);
    expect(body.result.items[0]!.id).toBe(seedId);
  });

  it('changes the archive through a call', async () => {
    const res = await call('setStarred', [[seedId], true]);
    expect(await res.json()).toEqual({ result: 1 });
    expect((await archive.getArticle(seedId)).starred).toBe(true);
  });

  it('answers 400 with the contract message for bad arguments, and changes nothing', async () => {
    const res = await call('setRead', [[seedId], 'yes']);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'contract: setRead: argument 2: must be true or false', kind: 'invalid' });
    expect((await archive.getArticle(seedId)).read).toBe(false);
    const extra = await call('listArticles', [{ limit: 5, evil: 1 }]);
    expect(extra.status).toBe(400);
    expect(((await extra.json()) as { error: string }).error).toContain("unknown key 'evil'");
  });

  it('answers 404 for an unknown method and for a missing article', async () => {
    const unknown = await call('constructor', []);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { kind: string }).kind).toBe('not-found');
    const missing = await call('getArticle', ['ffffffffffffffff']);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'articles: ffffffffffffffff: no such article', kind: 'not-found' });
  });

  it('answers 500 with one readable message when the archive fails', async () => {
    // The article's HTML file replaced by a folder: reading it fails with EISDIR.
    const id = (await archive.importFile(await writeText('broken.txt', 'A short note that we will break.'))).id;
    const html = path.join(dir, 'data', 'articles', `${id}.html`);
    await fs.rm(html);
    await fs.mkdir(html);
    const res = await call('getArticle', [id]);
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: string; kind: string };
    expect(body.kind).toBe('failed');
    expect(body.error).toMatch(/^server: getArticle: .*EISDIR/);
    await fs.rmdir(html);
    await archive.deleteArticles([id]);
  });

  it('refuses a GET, a non-JSON type and a body that is not JSON', async () => {
    expect((await fetch(`${base()}/api/call/stats`, { headers: auth() })).status).toBe(405);
    expect((await call('stats', '[]', { 'Content-Type': 'text/plain' })).status).toBe(415);
    const bad = await call('stats', '[1,');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe('server: stats: the body is not valid JSON');
  });

  it('caps the body size, with or without a Content-Length', async () => {
    const big = Buffer.alloc(17 * 1024 * 1024, 0x20);
    const declared = await raw({ path: '/api/call/importOpml', method: 'POST', headers: { ...auth(), 'Content-Type': 'application/json', 'Content-Length': String(big.length) }, body: big });
    expect(declared.status).toBe(413);
    const streamed = await raw({ path: '/api/call/importOpml', method: 'POST', headers: { ...auth(), 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }, body: big, chunked: true });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body)).toEqual({ error: 'server: importOpml: the request is larger than 16 MB', kind: 'invalid' });
    // The server still answers afterwards.
    expect((await call('stats', [])).status).toBe(200);
  });
});

describe('events', () => {
  it('streams archive events as Server-Sent Events', async () => {
    const controller = new AbortController();
    const res = await fetch(`${base()}/api/events`, { headers: auth(), signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const first = await reader.read();
    text += decoder.decode(first.value);
    expect(text).toContain(': connected');
    await call('setRead', [[seedId], true]);
    while (!text.includes('data: ')) text += decoder.decode((await reader.read()).value);
    const line = text.split('\n').find((l) => l.startsWith('data: '))!;
    const event = JSON.parse(line.slice('data: '.length)) as ArchiveEvent;
    expect(event).toEqual({ type: 'changed', what: 'articles', ids: [seedId] });
    controller.abort();
    await archive.setRead([seedId], false);
  });
});

describe('files', () => {
  it('serves an archived image with its type, a CSP that lets nothing run, and nosniff', async () => {
    const res = await fetch(`${base()}/assets/${ASSET}?token=${server.token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('serves the part a player asks for (Range: 206), and 416 past the end', async () => {
    const res = await fetch(`${base()}/assets/${ASSET}?token=${server.token}`, { headers: { Range: 'bytes=8-15' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 8-15/${PNG.length}`);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG.subarray(8, 16))).toBe(true);
    const past = await fetch(`${base()}/assets/${ASSET}?token=${server.token}`, { headers: { Range: `bytes=${PNG.length}-` } });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${PNG.length}`);
  });

  it("serves images to the reader's sandboxed frame (Origin: null) but no calls from it", async () => {
    const res = await fetch(`${base()}/assets/${ASSET}`, { headers: { ...auth(), Origin: 'null' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect((await fetch(`${base()}/assets/${ASSET}`, { headers: { Origin: 'null' } })).status).toBe(401);
    expect((await call('stats', [], { Origin: 'null' })).status).toBe(403);
    expect((await fetch(`${base()}/api/events`, { headers: { ...auth(), Origin: 'null' } })).status).toBe(403);
  });

  it('answers 404 for a well-formed asset name that is not there, and for malformed names', async () => {
    for (const name of [`${'b'.repeat(64)}.png`, 'secret.txt', `${'a'.repeat(64)}.html`, `${'a'.repeat(63)}.png`, '%ZZ']) {
      const res = await fetch(`${base()}/assets/${name}`, { headers: auth() });
      expect(res.status, name).toBe(404);
    }
  });

  it('refuses paths that climb out of the app folder or the assets folder', async () => {
    const paths = [
      '/../data/secret.txt',
      '/..%2fdata%2fsecret.txt',
      '/%2e%2e/data/secret.txt',
      '/assets/../../data/secret.txt',
      '/assets/..%2f..%2fdata%2fsecret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fdata%2fsecret.txt',
      '/assets/..%5c..%5cdata%5csecret.txt',
      '/index.html%00.png',
      `/${encodeURIComponent(path.join(dir, 'data', 'secret.txt'))}`,
    ];
    for (const p of paths) {
      const res = await raw({ path: p, headers: auth() });
      expect(res.status, p).toBe(404);
      expect(res.body, p).not.toContain('not for the browser');
    }
  });

  it("serves the app's own bundled files, with the page CSP", async () => {
    const res = await fetch(`${base()}/assets/index-abc123.js`, { headers: auth() });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(PAGE_CSP);
  });

  it('says plainly when the app is not built', async () => {
    const bare = await startServer(archive, { staticDir: path.join(dir, 'nothing-here') });
    try {
      const res = await fetch(bare.url);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run build');
    } finally {
      await bare.close();
    }
  });
});

describe('lifecycle', () => {
  it('closes even with an event stream open, and frees the port', async () => {
    const other = await startServer(archive, { staticDir, token: 'x'.repeat(64) });
    expect(other.token).toBe('x'.repeat(64));
    const res = await fetch(`http://127.0.0.1:${other.port}/api/events`, { headers: { Authorization: `Bearer ${other.token}` } });
    expect(res.status).toBe(200);
    await other.close();
    await expect(fetch(`http://127.0.0.1:${other.port}/`)).rejects.toThrow();
  });

  it('reports a port in use as a readable error', async () => {
    await expect(startServer(archive, { staticDir, port: server.port })).rejects.toThrow(`server: 127.0.0.1:${server.port}: the port is in use`);
  });
});

async function writeText(name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, text);
  return file;
}
