// The real pages of ../shared/corpus/pages (Mozilla Readability's test pages), each saved by
// URL from a 127.0.0.1 server: a page is either saved with its article, or the save fails with
// a readable sentence and nothing is kept. None may come back "saved" with a failed extraction
// (a body that is only a link), which is what every unreadable page did before.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/archive/index.js';
import { TidingsError } from '../../src/errors.js';
import { explain } from '../../src/messages/index.js';

const corpus = path.resolve(import.meta.dirname, '../../../shared/corpus/pages');
const pages = existsSync(corpus) ? readdirSync(corpus).filter((name) => existsSync(path.join(corpus, name, 'source.html'))) : [];

let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '/').slice(1));
    if (!pages.includes(name)) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(readFileSync(path.join(corpus, name, 'source.html')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe.skipIf(pages.length === 0)('corpus: saving real pages (skipped: ../shared/corpus/pages is missing)', () => {
  it('each page is saved with its article, or fails with a sentence and keeps nothing', async () => {
    const archive = await openArchive(mkdtempSync(path.join(os.tmpdir(), 'tidings-failed-save-corpus-')));
    // The pages' images are on the web, which a test must not reach.
    await archive.updateSettings({ downloadImages: false });
    const before = (await archive.stats()).articles;
    let saved = 0;
    const failed: string[] = [];
    for (const name of pages) {
      const outcome = await archive.saveUrl(`${base}/${encodeURIComponent(name)}`).then(
        (article) => article,
        (error: unknown) => error,
      );
      if (outcome instanceof TidingsError) {
        expect(outcome.kind).toBe('failed');
        expect(explain(outcome)).toMatch(/^Could not save 127\.0\.0\.1:\d+\/.+: [a-z].*\.$/);
        failed.push(name);
      } else {
        expect((outcome as { extraction: { status: string } }).extraction.status).toBe('done');
        saved++;
      }
    }
    expect((await archive.stats()).articles).toBe(before + saved);
    expect((await archive.stats()).failedExtractions).toBe(0);
    // For the record (the report counts them): most real pages are readable articles.
    expect(saved + failed.length).toBe(pages.length);
    expect(saved).toBeGreaterThan(pages.length * 0.8);
    await archive.close();
  }, 600_000);
});
