// The extraction commands: save (with tags), extract (again; exit 1 when it fails, the article
// kept), extraction (queue counts), and a bad URL (exit 2). Pages come from a 127.0.0.1 server.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

let server: Server;
let base = '';
let pageUp = true;
const PAGE = `<html><head><title>Saved from the command line</title></head><body><article>${'<p>A paragraph about rivers, bridges and the people who cross them every single morning of the year.</p>'.repeat(8)}</article></body></html>`;

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), env: {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(pageUp ? 200 : 503, { 'content-type': 'text/html' });
    res.end(pageUp ? PAGE : 'down');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('cli: save, extract, extraction', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-cli-extract-'));

  it('saves a page with tags, extracts it again, and reports a failed extraction with exit 1', async () => {
    const saved = await run(['--data-dir', dir, '--json', 'save', `${base}/river.html`, '--tags=rivers,later']);
    expect(saved.code).toBe(0);
    const article = JSON.parse(saved.out);
    expect(article).toMatchObject({ title: 'Saved from the command line', tags: ['rivers', 'later'], source: 'url' });

    expect(await run(['--data-dir', dir, 'extract', article.id])).toMatchObject({ code: 0, out: expect.stringMatching(/^extracted .* words\)$/) });

    pageUp = false;
    const failed = await run(['--data-dir', dir, 'extract', article.id]);
    expect(failed.code).toBe(1);
    expect(failed.err).toMatch(/HTTP 503/);
    pageUp = true;
    const shown = JSON.parse((await run(['--data-dir', dir, '--json', 'show', article.id])).out);
    expect(shown.text).toContain('rivers, bridges');
    expect(shown.extraction).toMatchObject({ status: 'failed', reason: 'HTTP 503', attempts: 3 });
  });

  it('shows the queue and refuses a URL that is not http(s)', async () => {
    // The page of the test above is still failed: `extraction` counts it as `stats` does.
    expect(await run(['--data-dir', dir, 'extraction'])).toMatchObject({ code: 0, out: 'queued 0, running 0, done 0, failed 1' });
    const bad = await run(['--data-dir', dir, 'save', 'file:///etc/passwd']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/only http and https pages can be saved/);
  });
});
