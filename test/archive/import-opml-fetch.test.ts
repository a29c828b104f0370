// An OPML file given to importLibrary (the app's Import…, a file dropped on it) subscribes to its
// feeds and starts their first fetch in the background, as the app's OPML import does: the
// answer comes at once with how many are being fetched, the articles follow. Feeds and pages on 127.0.0.1.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchiveEvent } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';

let server: Server;
let base = '';
const rss = () => '<?xml version="1.0"?><rss version="2.0"><channel><title>Rivers</title><link>https://example.com/</link><item><title>A river</title><link>' + base + '/page/1</link><guid>r1</guid><description>Water.</description></item></channel></rss>';

beforeAll(async () => {
  server = createServer((req, res) => {
    const ok = req.url === '/rivers.xml';
    res.writeHead(ok ? 200 : 404, { 'content-type': 'application/rss+xml' }).end(ok ? rss() : '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('importLibrary of an OPML file', () => {
  it('starts fetching the new feeds in the background', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-import-opml-'));
    const file = path.join(dir, 'feeds.opml');
    writeFileSync(file, `<?xml version="1.0"?><opml version="2.0"><body><outline type="rss" text="Rivers" xmlUrl="${base}/rivers.xml"/></body></opml>`);
    const archive = await openArchive(path.join(dir, 'data'));
    try {
      const done = new Promise<ArchiveEvent>((resolve) => archive.on((event) => { if (event.type === 'refresh' && event.phase === 'done') resolve(event); }));
      const result = await archive.importLibrary(file);
      expect(result).toMatchObject({ format: 'opml', feeds: { added: 1, refreshing: 1 } });
      expect(await done).toMatchObject({ total: 1, newArticles: 1 });
      const page = await archive.listArticles({ view: 'all' });
      expect(page.items.filter((a) => a.feedId !== null).map((a) => a.title)).toEqual(['A river']);
    } finally {
      await archive.close();
    }
  }, 30_000);
});
