// A zip imported through importLibrary is opened once: its central directory read once, and the
// open reader passed along (to the Pocket/Omnivore parsers, or to the restore of Tidings' own
// archive), whatever the format and whether it was named or detected.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openArchive } from '../../src/archive/index.js';
import { ZipReader } from '../../src/exports/index.js';
import { exportedArchive } from './export-fixture.js';

let dir: string;
let archiveZip: string;
let pocketZip: string;
const text = (value: string): Uint8Array => new TextEncoder().encode(value);

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-import-zip-opens-'));
  archiveZip = (await exportedArchive(dir)).zip;
  pocketZip = path.join(dir, 'pocket.zip');
  writeFileSync(pocketZip, zipSync({ 'part_000000.csv': text('title,url,time_added,cursor,tags,status\nFirst,https://example.invalid/1,1700000000,a1,x,archive\n') }));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** Reads of a zip's central directory (every reader is made by ZipReader.over), by file. */
function countDirectoryReads(): Map<string, number> {
  const reads = new Map<string, number>();
  const statics = ZipReader as unknown as { over: (source: unknown, file: string, limits: unknown) => ZipReader };
  const real = statics.over.bind(ZipReader);
  vi.spyOn(statics, 'over').mockImplementation((source, file, limits) => {
    reads.set(file, (reads.get(file) ?? 0) + 1);
    return real(source, file, limits);
  });
  return reads;
}

describe('importLibrary opens a zip once', () => {
  const cases: [string, () => string, { format?: 'tidings' | 'pocket-csv' } | undefined, string][] = [
    ['an archive export, detected', () => archiveZip, undefined, 'tidings'],
    ['an archive export, named', () => archiveZip, { format: 'tidings' }, 'tidings'],
    ['a Pocket zip, detected', () => pocketZip, undefined, 'pocket-csv'],
    ['a Pocket zip, named', () => pocketZip, { format: 'pocket-csv' }, 'pocket-csv'],
  ];
  for (const [name, file, options, format] of cases) {
    it(name, { timeout: 60_000 }, async () => {
      const archive = await openArchive(path.join(dir, `b-${name.replace(/\W+/g, '-')}`));
      try {
        const reads = countDirectoryReads();
        const result = await archive.importLibrary(file(), options);
        expect(result.format).toBe(format);
        expect(result.added).toBeGreaterThan(0);
        expect(reads.get(file()), 'central directory reads').toBe(1);
      } finally {
        await archive.close();
      }
    });
  }

  it('a file named a Tidings archive that is no zip is refused as one, read no further', async () => {
    const archive = await openArchive(path.join(dir, 'c'));
    try {
      const csv = path.join(dir, 'not-a-zip.csv');
      writeFileSync(csv, 'title,url\nOne,https://example.invalid/\n');
      const before = (await archive.stats()).articles;
      const reads = countDirectoryReads();
      await expect(archive.importLibrary(csv, { format: 'tidings' })).rejects.toThrow(/not-a-zip\.csv.*not a Tidings archive/);
      expect([...reads.keys()]).toEqual([]);
      expect((await archive.stats()).articles, 'nothing imported').toBe(before);
    } finally {
      await archive.close();
    }
  });
});
