// An article deleted and saved again on one device, both before the other device pulls (issue
// 12). The pull brings a delete and a later `new` of the same id together: the article exists
// after it, so its file must stay. (A sync engine would also carry the file's removal to every
// other machine, the saving one included.)

import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'tidings-sync-resave-'));
let server: Server;
let base = '';

const page = `<!doctype html><html lang="en"><head><title>The ferry timetable</title></head><body><article><h1>The ferry timetable</h1>
${Array.from({ length: 6 }, (_, i) => `<p>Paragraph ${i}: the ferry leaves at dawn and comes back at dusk, every day of the week but Sunday, when it rests.</p>`).join('\n')}
</article></body></html>`;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

/** Copy every journal and article file of `from` that `to` lacks or has shorter (never `to`'s own journal). */
function copyAll(from: string, to: string, toDevice: string): void {
  const own = `${toDevice}.jsonl`;
  for (const dir of ['journal', 'articles']) {
    for (const name of readdirSync(path.join(from, dir))) {
      if (name === own || name.startsWith('.')) continue;
      copyFileSync(path.join(from, dir, name), path.join(to, dir, name));
    }
  }
}

/** Right after the first open the only journal is the device's own. */
function ownDevice(dir: string): string {
  const journals = readdirSync(path.join(dir, 'journal')).filter((n) => n.endsWith('.jsonl'));
  expect(journals).toHaveLength(1);
  return journals[0]!.slice(0, -6);
}

describe('sync: deleted and saved again before the other device pulls', () => {
  // Found by this test (fixed in 3456b54): announce() removed the file of an id the pull both
  // removed and added again.
  it('the other device keeps the article and its file', { timeout: 30_000 }, async () => {
    const dirA = path.join(root, 'A');
    const dirB = path.join(root, 'B');
    const a: Archive = await openArchive(dirA);
    const b: Archive = await openArchive(dirB);
    const devA = ownDevice(dirA);
    const devB = ownDevice(dirB);
    try {
      const saved = await a.saveUrl(`${base}/ferry.html`);
      copyAll(dirA, dirB, devB);
      await b.syncNow();
      expect((await b.getArticle(saved.id)).title).toBe('The ferry timetable');

      await b.deleteArticles([saved.id]);
      await b.saveUrl(`${base}/ferry.html`);
      expect((await b.getArticle(saved.id)).text).toContain('ferry leaves at dawn');

      copyAll(dirB, dirA, devA);
      await a.syncNow();
      expect(existsSync(path.join(dirA, 'articles', `${saved.id}.html`)), 'the file on A').toBe(true);
      expect((await a.getArticle(saved.id)).text).toContain('ferry leaves at dawn');
      expect(devA).not.toBe(devB);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
