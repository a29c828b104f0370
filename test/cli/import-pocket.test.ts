// `tidings import FILE` on Pocket CSV exports written here (pages on a 127.0.0.1 server): the
// summary line, --json, each problem on its own line with exit 2 (the rest imported), a file
// that is no format refused with exit 2 and the library untouched, the same file twice adding
// nothing, and --wait staying until the pages are fetched, listing the ones that failed.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

let server: Server;
let base = '';
const PAGE = `<html><head><title>A page from the server</title></head><body><article>${'<p>A paragraph about rivers, bridges and the people who cross them every single morning of the year.</p>'.repeat(8)}</article></body></html>`;

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), env: {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const ok = req.url?.startsWith('/ok/');
    res.writeHead(ok ? 200 : 404, { 'content-type': 'text/html' });
    res.end(ok ? PAGE : 'not here');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function csv(dir: string, name: string, rows: string[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, ['title,url,time_added,tags,status', ...rows].join('\n') + '\n');
  return file;
}

describe('cli: import', () => {
  it('imports a Pocket CSV: summary line, --json, the same file twice adds nothing', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-cli-import-'));
    const file = csv(dir, 'pocket.csv', [`One,${base}/ok/1,1700000000,a|b,unread`, `Two,${base}/ok/2,1700000001,,archive`]);
    const first = await run(['--data-dir', dir, 'import', file, '--tags=pocket']);
    expect(first).toMatchObject({ code: 0, out: 'imported 2 from pocket-csv: 2 new (0 stored, 2 to fetch), 0 already here, 0 problems' });
    const again = await run(['--data-dir', dir, '--json', 'import', file]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ format: 'pocket-csv', items: 2, added: 0, merged: 0, unchanged: 2, problems: [] });
  });

  it('prints each problem with its line and exits 2; the good rows are imported', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-cli-import-'));
    const file = csv(dir, 'bad-rows.csv', [`One,${base}/ok/1,1700000000,,unread`, 'Evil,javascript:alert(1),1700000000,,unread', `"Never closed,${base}/ok/3,1700000000,,unread`]);
    const result = await run(['--data-dir', dir, 'import', file]);
    expect(result.code).toBe(2);
    expect(result.out).toContain('imported 1 from pocket-csv: 1 new (0 stored, 1 to fetch), 0 already here, 2 problems');
    expect(result.out).toContain('line 3: not a web address (javascript:) (javascript:alert(1))');
    expect(result.out).toMatch(/line 4: a quote opened here is never closed/);
    expect(result.err).toContain('2 problems');
    expect(JSON.parse((await run(['--data-dir', dir, '--json', 'stats'])).out).saved).toBeGreaterThanOrEqual(1);
  });

  it('refuses a file that is no format with exit 2, leaving the library as it was', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-cli-import-'));
    await run(['--data-dir', dir, 'import', csv(dir, 'first.csv', [`One,${base}/ok/1,1700000000,,unread`])]);
    const before = JSON.parse(readFileSync(path.join(dir, 'library.json'), 'utf8')).articles;
    const junk = path.join(dir, 'junk.bin');
    writeFileSync(junk, 'neither csv nor json\u0001\u0002 nor anything');
    const result = await run(['--data-dir', dir, 'import', junk]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/import: junk\.bin: not a format/);
    expect(JSON.parse(readFileSync(path.join(dir, 'library.json'), 'utf8')).articles).toEqual(before);
  });

  it('an OPML file subscribes to its feeds through the feeds part', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-cli-import-'));
    const file = path.join(dir, 'feeds.opml');
    writeFileSync(file, `<?xml version="1.0"?><opml version="2.0"><body><outline text="A" type="rss" xmlUrl="${base}/feed.xml"/></body></opml>`);
    const result = await run(['--data-dir', dir, '--json', 'import', file]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ format: 'opml', added: 1, feeds: { added: 1 } });
    expect(JSON.parse((await run(['--data-dir', dir, '--json', 'feeds'])).out)).toEqual(expect.arrayContaining([expect.objectContaining({ url: `${base}/feed.xml` })]));
  });

  it('--wait stays until the pages are fetched and lists the ones that failed', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-cli-import-'));
    const file = csv(dir, 'wait.csv', [`One,${base}/ok/1,1700000000,,unread`, `Gone,${base}/missing,1700000000,,unread`]);
    const result = await run(['--data-dir', dir, 'import', file, '--wait']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('fetched 1, failed 1');
    expect(result.out).toMatch(/failed [0-9a-f]{16}: HTTP 404 \(try again with: extract [0-9a-f]{16}\)/);
    const list = JSON.parse((await run(['--data-dir', dir, '--json', 'list', '--limit=50'])).out);
    const one = (list.items ?? list).find((a: { url: string | null }) => a.url === `${base}/ok/1`);
    expect(one).toMatchObject({ title: 'One', extraction: { status: 'done' } });
  }, 60_000);
});
