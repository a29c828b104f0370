// `save` of a page that cannot be read exits 1 with one readable line (no module prefix) and
// keeps nothing; --verbose (or TIDINGS_DEBUG=1) adds the technical line for a bug report.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

let server: Server;
let base = '';
let host = '';

async function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out, err };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/scan.pdf') {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      return res.end('%PDF-1.4');
    }
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end('<html><body>gone</body></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  base = `http://${host}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('cli: a failed save', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-cli-save-failure-'));

  it('a 404 exits 1 with one readable line and stores nothing', async () => {
    const before = JSON.parse((await run(['--data-dir', dir, '--json', 'stats'])).out.join('\n'));
    const failed = await run(['--data-dir', dir, 'save', `${base}/moved`]);
    expect(failed).toEqual({
      code: 1,
      out: [],
      err: [`tidings: Could not save ${host}/moved: the page answered HTTP 404 Not Found (the address may have moved): check the site for its new address.`],
    });
    const after = JSON.parse((await run(['--data-dir', dir, '--json', 'stats'])).out.join('\n'));
    expect(after.articles).toBe(before.articles);
  });

  it('a PDF says what it is', async () => {
    const failed = await run(['--data-dir', dir, 'save', `${base}/scan.pdf`]);
    expect(failed.code).toBe(1);
    expect(failed.err).toEqual([`tidings: Could not save ${host}/scan.pdf: this address is a PDF document, not a web page: download it and keep it as a file.`]);
  });

  it('--verbose and TIDINGS_DEBUG add the technical line with its module prefix', async () => {
    const verbose = await run(['--data-dir', dir, '--verbose', 'save', `${base}/moved`]);
    expect(verbose.code).toBe(1);
    expect(verbose.err).toEqual([expect.stringMatching(/^tidings: Could not save /), `tidings: details: extract: ${base}/moved: HTTP 404`]);
    const debug = await run(['--data-dir', dir, 'save', `${base}/moved`], { TIDINGS_DEBUG: '1' });
    expect(debug.err[1]).toBe(`tidings: details: extract: ${base}/moved: HTTP 404`);
  });
});
