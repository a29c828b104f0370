// saveUrl's `title` (what the browser showed: the bookmarklet, a tidings:// link) names a page
// that cannot be read or gives no title of its own; a page's own title still wins.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/archive/index.js';

const body = Array.from({ length: 8 }, (_, i) => `<p>Paragraph ${i + 1}: the ferry kept running through the winter storms, and the island school stayed open.</p>`).join('');
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/titled') return res.writeHead(200, { 'content-type': 'text/html' }).end(`<html><head><title>Its own title</title></head><body><article><h1>Its own title</h1>${body}</article></body></html>`);
    return res.writeHead(404, { 'content-type': 'text/html' }).end('gone');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('archive: saveUrl with the title the browser showed', () => {
  it('names a page that cannot be read by that title, and lets a readable page keep its own', async () => {
    const archive = await openArchive(mkdtempSync(path.join(os.tmpdir(), 'tidings-save-title-')));
    try {
      const dead = await archive.saveUrl(`${base}/gone`, { keepFailed: true, title: '  Winter ferry timetable  ' });
      expect(dead.extraction.status).toBe('failed');
      expect(dead.title).toBe('Winter ferry timetable');
      const titled = await archive.saveUrl(`${base}/titled`, { title: 'What the tab said' });
      expect(titled.title).toBe('Its own title');
    } finally {
      await archive.close();
    }
  });
});
