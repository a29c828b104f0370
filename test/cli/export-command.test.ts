// `tidings export --format=F [--query=Q] OUT [--json]`: a summary line, --json with the result,
// --query selecting by the search language, a query that selects nothing is an empty export
// (exit 0, said so), and usage errors (no --format, an unknown one, a folder that does not
// exist) exit 2 without writing.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

let dir: string;
let data: string;

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['--data-dir', data, ...args], { out: (l) => out.push(l), err: (l) => err.push(l), env: {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-cli-export-'));
  data = path.join(dir, 'data');
  const files = path.join(dir, 'files');
  mkdirSync(files);
  writeFileSync(path.join(files, 'a.html'), '<html><head><title>Rivers</title></head><body><article><p>A page about rivers and the bridges over them, long enough to read.</p></article></body></html>');
  writeFileSync(path.join(files, 'b.html'), '<html><head><title>Gardens</title></head><body><article><p>A page about gardens and what grows in them in spring and summer.</p></article></body></html>');
  expect((await run(['import-file', path.join(files, 'a.html'), '--tags=water'])).code).toBe(0);
  expect((await run(['import-file', path.join(files, 'b.html'), '--tags=green'])).code).toBe(0);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tidings export', () => {
  it('--query selects by the search language; --json prints the result', async () => {
    const out = path.join(dir, 'water.zip');
    const { code, out: text } = await run(['export', '--format=archive', '--query=tag:water', out, '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(text);
    expect(result).toMatchObject({ format: 'archive', path: out, articles: 1 });
    const library = JSON.parse(strFromU8(unzipSync(readFileSync(out))['library.json']!));
    expect(Object.values(library.articles).map((a) => (a as { title: string }).title)).toEqual(['Rivers']);
  }, 30_000);

  it('a summary line without --json', async () => {
    const { code, out } = await run(['export', '--format=bookmarks', path.join(dir, 'b.html')]);
    expect(code).toBe(0);
    expect(out).toMatch(/^wrote \d+ articles as a bookmark file to .*b\.html \(\d/);
  }, 30_000);

  it('a query that selects nothing: an empty export, exit 0, said so', async () => {
    const out = path.join(dir, 'none.epub');
    const { code, out: text } = await run(['export', '--format=epub', '--query=tag:nothing-here', out]);
    expect(code).toBe(0);
    expect(text).toContain('no article matches "tag:nothing-here": wrote an empty export');
    expect(existsSync(out)).toBe(true);
  }, 30_000);

  it('markdown: into a new folder; a non-empty folder that is not an earlier export is refused with exit 2 and left alone', async () => {
    const out = path.join(dir, 'notes');
    const first = await run(['export', '--format=markdown', out, '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ format: 'markdown', articles: 3 }); // the two and the welcome article
    expect(readFileSync(path.join(out, 'Rivers.md'), 'utf8')).toMatch(/^---\ntitle: "Rivers"\n/);
    expect((await run(['export', '--format=markdown', out])).code).toBe(0); // an earlier export: replaced
    const mine = path.join(dir, 'mine');
    mkdirSync(mine);
    writeFileSync(path.join(mine, 'diary.txt'), 'keep');
    const refused = await run(['export', '--format=markdown', mine]);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/not empty/);
    expect(readFileSync(path.join(mine, 'diary.txt'), 'utf8')).toBe('keep');
  }, 30_000);

  it('opml writes the feeds', async () => {
    const out = path.join(dir, 'feeds.opml');
    expect((await run(['export', '--format=opml', out])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('<opml');
  }, 30_000);

  it('usage errors exit 2 and write nothing', async () => {
    const missing = await run(['export', path.join(dir, 'x.zip')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/--format/);
    expect((await run(['export', '--format=pdf', path.join(dir, 'x.zip')])).code).toBe(2);
    expect((await run(['export', '--format=archive'])).code).toBe(2);
    const noFolder = await run(['export', '--format=archive', path.join(dir, 'no', 'x.zip')]);
    expect(noFolder.code).toBe(2);
    expect(noFolder.err).toMatch(/does not exist/);
    expect(existsSync(path.join(dir, 'x.zip'))).toBe(false);
  }, 30_000);
});
