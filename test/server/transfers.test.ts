// Browser mode's file routes: POST /api/import (the page cannot give a path, so it uploads the
// file, which goes to a temporary folder under the data directory and is deleted after) and
// GET /api/export (exportLibrary to a temporary file, sent as a download, removed after).
// The archive's importLibrary/exportLibrary are replaced here by recorders: what is tested is
// the route (guards, cap, temp files, names), not the engine behind it.

import { existsSync, promises as fs } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Archive, ExportOptions, ImportLibraryOptions, ImportResult } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { type RunningServer, startServer } from '../../src/server/index.js';

let dir: string;
let archive: Archive;
let server: RunningServer;
let imported: { file: string; content: string; options: ImportLibraryOptions | undefined; existedAfter?: boolean }[] = [];
let exported: { file: string; options: ExportOptions }[] = [];

const RESULT: ImportResult = { format: 'pocket-csv', items: 2, added: 2, merged: 0, unchanged: 0, stored: 0, queued: 2, problems: [] };
const CAP = 64 * 1024;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tidings-transfers-'));
  const real = await openArchive(path.join(dir, 'data'));
  // The engine's two methods replaced by recorders; everything else is the real archive.
  archive = Object.create(real) as Archive;
  Object.assign(archive, {
    async importLibrary(file: string, options?: ImportLibraryOptions) {
      imported.push({ file, content: await fs.readFile(file, 'utf8'), options });
      return RESULT;
    },
    async exportLibrary(file: string, options: ExportOptions) {
      exported.push({ file, options });
      if (options.format === 'markdown') {
        await fs.mkdir(path.join(file, 'images'), { recursive: true });
        await fs.writeFile(path.join(file, 'one.md'), '# One\n');
        await fs.writeFile(path.join(file, 'images', 'a.png'), 'png');
        // The exporter's own marker (it says the folder is one it wrote): not for the download.
        await fs.writeFile(path.join(file, '.tidings-markdown-export'), '');
        return { format: 'markdown', path: file, articles: 1, assets: 1, bytes: 9 };
      }
      await fs.writeFile(file, `exported ${options.format}`);
      return { format: options.format, path: file, articles: 1, assets: 0, bytes: 10 };
    },
  });
  server = await startServer(archive, { staticDir: path.join(dir, 'none'), maxUploadBytes: CAP });
});

beforeEach(() => {
  imported = [];
  exported = [];
});

afterAll(async () => {
  await server?.close();
  await (Object.getPrototypeOf(archive) as Archive)?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

const base = () => `http://127.0.0.1:${server.port}`;
const auth = () => ({ Authorization: `Bearer ${server.token}` });

async function leftovers(): Promise<string[]> {
  return (await fs.readdir(path.join(dir, 'data'))).filter((n) => n.startsWith('.transfer-'));
}

function upload(query: string, body: string | Blob, headers: Record<string, string> = auth()) {
  return fetch(`${base()}/api/import?${query}`, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream', ...headers }, body });
}

describe('POST /api/import', () => {
  it('streams the body to a file under the data directory, imports it, answers { result } and deletes the file', async () => {
    const res = await upload('name=pocket.csv&format=pocket-csv', 'title,url\nA,https://a.example/\n');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ result: RESULT });
    expect(imported).toHaveLength(1);
    const [call] = imported;
    expect(call!.content).toBe('title,url\nA,https://a.example/\n');
    expect(call!.options).toEqual({ format: 'pocket-csv' });
    expect(path.dirname(path.dirname(call!.file))).toBe(path.join(dir, 'data'));
    expect(path.basename(call!.file)).toBe('pocket.csv');
    expect(existsSync(call!.file)).toBe(false);
    expect(await leftovers()).toEqual([]);
  });

  it('takes a dropped page as one article (as=article) and a dropped OPML file as feeds (as=opml)', async () => {
    const page = await upload('name=note.html&as=article', '<html><head><title>A kept page</title></head><body><p>Words worth keeping here.</p><script>alert(1)</script></body></html>');
    expect(page.status).toBe(200);
    const article = ((await page.json()) as { result: { id: string; title: string } }).result;
    expect(article.title).toBe('A kept page');
    expect((await archive.getArticle(article.id)).html).not.toContain('<script');
    const opml = await upload('name=feeds.opml&as=opml', '<?xml version="1.0"?><opml version="2.0"><body><outline type="rss" text="One" xmlUrl="https://one.example/feed.xml"/></body></opml>');
    expect(opml.status).toBe(200);
    expect(((await opml.json()) as { result: { added: number } }).result.added).toBe(1);
    expect((await upload('name=x.csv&as=shell', 'x')).status).toBe(400);
    expect(imported).toEqual([]);
    expect(await leftovers()).toEqual([]);
  });

  it('keeps a hostile file name inside its temporary folder', async () => {
    for (const name of ['../../etc/passwd', '..', 'a/b\\c.csv', '\0x.csv', '.bashrc', 'x'.repeat(500)]) {
      const res = await upload(`name=${encodeURIComponent(name)}`, 'x');
      expect(res.status, name).toBe(200);
      const file = imported.at(-1)!.file;
      expect(path.dirname(path.dirname(file)), name).toBe(path.join(dir, 'data'));
      expect(path.basename(file)).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/);
    }
    expect(await leftovers()).toEqual([]);
  });

  it('refuses a body over the cap (declared or streamed) with 413, imports nothing and leaves no file', async () => {
    const big = new Blob([new Uint8Array(CAP + 1).fill(0x61)]);
    expect((await upload('name=big.csv', big)).status).toBe(413);
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: server.port, path: '/api/import?name=big.csv', method: 'POST', headers: { ...auth(), 'Transfer-Encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      for (let i = 0; i < 4; i++) req.write(Buffer.alloc(CAP / 2, 0x62));
      req.end();
    });
    expect(chunked).toBe(413);
    expect(imported).toEqual([]);
    expect(await leftovers()).toEqual([]);
  });

  it('is guarded like /api/call: no token 401, another origin 403, GET 405, and the engine is never reached', async () => {
    expect((await upload('name=a.csv', 'x', {})).status).toBe(401);
    expect((await upload('name=a.csv', 'x', { ...auth(), Origin: 'http://evil.example' })).status).toBe(403);
    expect((await fetch(`${base()}/api/import?name=a.csv`, { headers: auth() })).status).toBe(405);
    expect(imported).toEqual([]);
  });

  it('says what went wrong as { error, kind } and still deletes the file', async () => {
    const failing = Object.create(archive) as Archive;
    failing.importLibrary = async () => {
      throw Object.assign(new Error('import: x.csv: not a format Tidings reads'), { kind: 'invalid' });
    };
    const other = await startServer(failing, { staticDir: path.join(dir, 'none') });
    try {
      const res = await fetch(`http://127.0.0.1:${other.port}/api/import?name=x.csv`, { method: 'POST', headers: { Authorization: `Bearer ${other.token}` }, body: 'hello' });
      expect(res.status).toBe(500);
      expect(((await res.json()) as { error: string }).error).toContain('not a format');
    } finally {
      await other.close();
    }
    expect(await leftovers()).toEqual([]);
  });
});

describe('GET /api/export', () => {
  it('sends the export as an attachment with a safe name and removes the temporary file', async () => {
    const res = await fetch(`${base()}/api/export?format=archive&query=${encodeURIComponent('tag:"a/../b" star:yes')}`, { headers: auth() });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('exported archive');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="tidings-archive-\d{4}-\d{2}-\d{2}\.zip"$/);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(exported).toEqual([{ file: expect.stringContaining(path.join(dir, 'data', '.transfer-')) as string, options: { format: 'archive', query: 'tag:"a/../b" star:yes' } }]);
    await new Promise((r) => setTimeout(r, 50));
    expect(await leftovers()).toEqual([]);
  });

  it('zips a markdown folder', async () => {
    const res = await fetch(`${base()}/api/export?format=markdown`, { headers: auth() });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/filename="tidings-markdown-[\d-]+\.zip"/);
    const entries = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(entries).sort()).toEqual(['images/a.png', 'one.md']);
    expect(Buffer.from(entries['one.md']!).toString()).toBe('# One\n');
    await new Promise((r) => setTimeout(r, 50));
    expect(await leftovers()).toEqual([]);
  });

  it('names each format by its own extension', async () => {
    for (const [format, ext] of [['epub', '.epub'], ['bookmarks', '.html'], ['opml', '.opml']] as const) {
      const res = await fetch(`${base()}/api/export?format=${format}`, { headers: auth() });
      expect(res.headers.get('content-disposition'), format).toMatch(new RegExp(`filename="tidings-${format}-[\\d-]+\\${ext}"$`));
      await res.arrayBuffer();
    }
  });

  it('refuses an unknown format, a missing token, another origin and a POST', async () => {
    expect((await fetch(`${base()}/api/export?format=../../x`, { headers: auth() })).status).toBe(400);
    expect((await fetch(`${base()}/api/export?format=archive`)).status).toBe(401);
    expect((await fetch(`${base()}/api/export?format=archive`, { headers: { ...auth(), Origin: 'http://evil.example' } })).status).toBe(403);
    expect((await fetch(`${base()}/api/export?format=archive`, { method: 'POST', headers: auth() })).status).toBe(405);
    expect(exported).toEqual([]);
  });

  it('clears transfer folders a killed server left behind when it starts', async () => {
    const stale = path.join(dir, 'data', '.transfer-dead.tmp-d');
    await fs.mkdir(stale);
    await fs.writeFile(path.join(stale, 'half.csv'), 'x');
    const again = await startServer(archive, { staticDir: path.join(dir, 'none') });
    await again.close();
    expect(existsSync(stale)).toBe(false);
  });
});
