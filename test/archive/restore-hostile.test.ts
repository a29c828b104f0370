// A zip is untrusted input. A tampered or truncated archive is a clear error and nothing is
// written; hostile entries (../ names, absolute names, assets not named by their sha256, ids
// that are not ids, prototype keys, records the store's validator refuses) are refused one by
// one and counted as problems while the rest is restored; a zip bomb stops at the cap; HTML
// with scripts is sanitized again.

import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoreArchive } from '../../src/archive/restore.js';
import { TidingsError } from '../../src/errors.js';
import { PNG } from './export-fixture.js';
import { openContext, type TestContext } from './restore-context.js';

let dir: string;
let t: TestContext;
const sha = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
const GOOD = '0123456789abcdef';
const PNG_NAME = `${sha(PNG)}.png`;

function record(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, source: 'url', url: `https://example.com/${id}`, title: `Article ${id}`, extraction: { status: 'done', reason: null, attempts: 1, at: null }, addedAt: '2024-01-01T00:00:00.000Z', enclosures: [], tags: [], ...extra };
}

/** A zip in the archive's layout, its manifest made over what is given (so only the named quirk is wrong). */
function archiveZip(name: string, articles: Record<string, unknown> | string, files: Record<string, Uint8Array | string>, options: { after?: (entries: Record<string, Uint8Array>) => void; level?: 0 | 6 } = {}): string {
  const entries: Record<string, Uint8Array> = {};
  const library = typeof articles === 'string' ? articles : JSON.stringify({ schemaVersion: 1, settings: {}, feeds: {}, articles, tombstones: {}, rules: [], savedSearches: [] });
  entries['library.json'] = strToU8(library);
  for (const [n, data] of Object.entries(files)) entries[n] = typeof data === 'string' ? strToU8(data) : data;
  const manifest = { format: 'tidings-archive', version: 1, createdAt: new Date().toISOString(), files: Object.entries(entries).map(([p, b]) => ({ path: p, bytes: b.length, sha256: sha(b) })) };
  options.after?.(entries);
  entries['manifest.json'] = strToU8(JSON.stringify(manifest));
  const file = path.join(dir, name);
  writeFileSync(file, zipSync(entries, { level: options.level ?? 6 }));
  return file;
}

const filesOf = (id: string, html = '<p>Hello</p>') => ({ [`articles/${id}.html`]: html, [`articles/${id}.txt`]: 'Hello' });

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-restore-hostile-'));
  t = await openContext(path.join(dir, 'data'));
});

afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

async function refusedWhole(file: string, pattern: RegExp): Promise<void> {
  const before = Object.keys(t.ctx.data.articles).length;
  const articlesBefore = readdirSync(path.join(t.ctx.dataDir, 'articles')).length;
  const error = await restoreArchive(t.ctx, file, { sanitize: t.sanitize }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TidingsError);
  expect((error as TidingsError).kind).toBe('invalid');
  expect((error as Error).message).toMatch(pattern);
  expect(Object.keys(t.ctx.data.articles)).toHaveLength(before);
  expect(readdirSync(path.join(t.ctx.dataDir, 'articles'))).toHaveLength(articlesBefore);
}

describe('restore refuses a damaged archive whole, writing nothing', () => {
  it('an entry changed after export (its sha256 no longer matches)', async () => {
    const file = archiveZip('tampered.zip', { [GOOD]: record(GOOD) }, filesOf(GOOD), { after: (e) => (e[`articles/${GOOD}.html`] = strToU8('<p>Changed</p>')) });
    await refusedWhole(file, /changed after export.*articles\/0123456789abcdef\.html/);
  });

  it('a truncated zip', async () => {
    const whole = archiveZip('whole.zip', { [GOOD]: record(GOOD) }, filesOf(GOOD));
    const cut = path.join(dir, 'truncated.zip');
    const bytes = readFileSync(whole);
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    await refusedWhole(cut, /truncated|not a readable zip/);
  });

  it('an entry the manifest does not list', async () => {
    const file = archiveZip('extra.zip', { [GOOD]: record(GOOD) }, filesOf(GOOD), { after: (e) => (e['articles/1111111111111111.html'] = strToU8('<p>x</p>')) });
    await refusedWhole(file, /not in the manifest/);
  });

  it('a zip bomb: stops at the inflate cap', async () => {
    const bomb = new Uint8Array(80 * 1024 * 1024); // 80 MB of zeros, a few hundred KB deflated
    const file = archiveZip('bomb.zip', { [GOOD]: record(GOOD) }, { ...filesOf(GOOD), [`articles/${GOOD}.txt`]: bomb });
    expect(readFileSync(file).length).toBeLessThan(1024 * 1024);
    await refusedWhole(file, /zip bomb/);
  }, 30_000);

  it('not a Tidings archive (no manifest)', async () => {
    const file = path.join(dir, 'other.zip');
    writeFileSync(file, zipSync({ 'content.html': strToU8('<p>x</p>') }));
    await refusedWhole(file, /no manifest/);
  });
});

describe('an honest archive near the cap', () => {
  it('is restored: its entries count once against the cap, though they are read to verify and again to write', async () => {
    const id = 'dddddddddddddddd';
    const text = 'a'.repeat(40 * 1024 * 1024); // 40 MB: read twice, 80 MB, past the 64 MiB floor of the cap
    const file = archiveZip('large.zip', { [id]: record(id) }, { [`articles/${id}.html`]: '<p>Large</p>', [`articles/${id}.txt`]: text });
    const result = await restoreArchive(t.ctx, file, { sanitize: t.sanitize });
    expect(result).toMatchObject({ added: 1, problems: [] });
  }, 60_000);
});

describe('restore refuses hostile entries and records one by one, restoring the rest', () => {
  it('../ and absolute names, a bad asset name, an asset whose bytes are not its name, a bad id, __proto__, an invalid record, a script', async () => {
    const ok = 'aaaaaaaaaaaaaaaa';
    const scripted = 'bbbbbbbbbbbbbbbb';
    const invalid = 'cccccccccccccccc';
    const fakeAsset = `${sha('something else')}.png`;
    const library = JSON.stringify({
      schemaVersion: 1, settings: {}, feeds: {}, tombstones: {}, rules: [], savedSearches: [],
      articles: {
        [ok]: record(ok, { leadImage: `tidings-asset:${PNG_NAME}` }),
        [scripted]: record(scripted),
        [invalid]: record(invalid, { title: 5 }),
        '../../etc': record('../../etc'),
        ['__proto__']: { polluted: true },
        [GOOD]: { ...record(GOOD), ['__proto__']: { polluted: true } },
      },
    }).replace('"__proto__":{"polluted":true}}', '"__proto__":{"polluted":true}}');
    const file = archiveZip('hostile.zip', library, {
      ...filesOf(ok, `<p>A picture <img src="tidings-asset:${PNG_NAME}" alt="dot"></p>`),
      ...filesOf(scripted, '<p onclick="alert(1)">Hi <a href="javascript:alert(2)">there</a></p><script>alert(3)</script><img src="x" onerror="alert(4)">'),
      ...filesOf(invalid),
      ...filesOf(GOOD),
      [`assets/${PNG_NAME}`]: PNG,
      [`assets/${fakeAsset}`]: PNG,
      'assets/evil.sh': 'rm -rf /',
      '../escaped.txt': 'outside',
      '/tmp/absolute.txt': 'outside',
    });
    const result = await restoreArchive(t.ctx, file, { sanitize: t.sanitize });
    const items = result.problems.map((p) => p.item);
    expect(items).toEqual(expect.arrayContaining(['assets/evil.sh', '../escaped.txt', '/tmp/absolute.txt', `assets/${fakeAsset}`, `article ${invalid}`, 'article ../../etc']));
    expect(result.added).toBe(3); // ok, scripted, GOOD
    expect(existsSync(path.join(dir, 'escaped.txt'))).toBe(false);
    expect(existsSync('/tmp/absolute.txt')).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(t.ctx.data.articles[GOOD]!, '__proto__')).toBe(false);
    expect(t.ctx.data.articles[invalid]).toBeUndefined();
    expect(existsSync(path.join(t.ctx.dataDir, 'assets', PNG_NAME))).toBe(true);
    expect(existsSync(path.join(t.ctx.dataDir, 'assets', fakeAsset))).toBe(false);
    const html = readFileSync(path.join(t.ctx.dataDir, 'articles', `${scripted}.html`), 'utf8');
    expect(html).not.toMatch(/onclick|onerror|javascript:|<script/i);
    expect(html).toContain('Hi');
    // Our own sanitized HTML with a local image comes back as written.
    expect(readFileSync(path.join(t.ctx.dataDir, 'articles', `${ok}.html`), 'utf8')).toBe(`<p>A picture <img src="tidings-asset:${PNG_NAME}" alt="dot"></p>`);
  }, 30_000);
});
