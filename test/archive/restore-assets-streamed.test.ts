// Restore writes each asset to disk as it is inflated, hashing it on the way: an image of any size
// is never held whole in memory (the reader's whole-entry read is never asked for an asset), an
// asset whose bytes do not hash to its name leaves nothing behind (no file, no temp file), and a
// good one lands under its name with its bytes.

import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { restoreArchive } from '../../src/archive/restore.js';
import { ZipReader } from '../../src/exports/index.js';
import { openContext, type TestContext } from './restore-context.js';

let dir: string;
let t: TestContext;
const sha = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/** Bytes that do not compress away: 3 MiB and a bit, read in several chunks. */
function noise(size: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = 12345;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

function archiveZip(name: string, files: Record<string, Uint8Array>): string {
  const id = 'aaaaaaaaaaaaaaaa';
  const article = { id, source: 'url', url: 'https://example.com/a', title: 'A', extraction: { status: 'done', reason: null, attempts: 1, at: null }, addedAt: '2024-01-01T00:00:00.000Z', enclosures: [], tags: [] };
  const entries: Record<string, Uint8Array> = {
    'library.json': strToU8(JSON.stringify({ schemaVersion: 1, settings: {}, feeds: {}, articles: { [id]: article }, tombstones: {}, rules: [], savedSearches: [] })),
    [`articles/${id}.html`]: strToU8('<p>Hello</p>'),
    [`articles/${id}.txt`]: strToU8('Hello'),
    ...files,
  };
  const manifest = { format: 'tidings-archive', version: 1, createdAt: new Date().toISOString(), files: Object.entries(entries).map(([p, b]) => ({ path: p, bytes: b.length, sha256: sha(b) })) };
  entries['manifest.json'] = strToU8(JSON.stringify(manifest));
  const file = path.join(dir, name);
  writeFileSync(file, zipSync(entries, { level: 1 }));
  return file;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-restore-assets-'));
  t = await openContext(path.join(dir, 'data'));
});

afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('restore: assets streamed to disk', () => {
  it('writes a large asset chunk by chunk, never reading it whole; a lying asset leaves no file and no temp file', async () => {
    const big = noise(3 * 1024 * 1024 + 17);
    const bigName = `${sha(big)}.png`;
    const liar = `${sha('something else')}.png`;
    const file = archiveZip('assets.zip', { [`assets/${bigName}`]: big, [`assets/${liar}`]: noise(2 * 1024 * 1024) });
    const readAll = vi.spyOn(ZipReader.prototype, 'readAll');
    try {
      const result = await restoreArchive(t.ctx, file, { sanitize: t.sanitize });
      expect(result.problems).toEqual([{ line: null, item: `assets/${liar}`, reason: 'its bytes do not hash to its name: left out' }]);
      const wholeReads = readAll.mock.calls.map(([entry]) => entry.name).filter((name) => name.startsWith('assets/'));
      expect(wholeReads).toEqual([]);
    } finally {
      readAll.mockRestore();
    }
    const assets = path.join(t.ctx.dataDir, 'assets');
    expect(readFileSync(path.join(assets, bigName)).equals(Buffer.from(big))).toBe(true);
    expect(existsSync(path.join(assets, liar))).toBe(false);
    expect(readdirSync(assets).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  }, 60_000);
});
