// A Pocket or Omnivore zip larger than the 1 GiB a file may be read whole: read from its central
// directory entry by entry, only the entries a parser needs, with the same refusals (a stored junk entry of 1.1 GiB is a
// hole in a sparse file here, never read). Built by hand: a part_000000.csv, then the junk.

import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/archive/index.js';
import { MAX_IMPORT_BYTES } from '../../src/archive/imports.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-big-zip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A zip of stored entries, each [name, bytes or a size left as a hole]; written sparse. */
function sparseZip(file: string, entries: [string, Uint8Array | number][]): void {
  const fd = openSync(file, 'w');
  const central: Buffer[] = [];
  let at = 0;
  for (const [name, data] of entries) {
    const nameBytes = Buffer.from(name);
    const size = typeof data === 'number' ? data : data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(size, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    writeSync(fd, Buffer.concat([local, nameBytes]), 0, 30 + nameBytes.length, at);
    if (typeof data !== 'number') writeSync(fd, data, 0, data.length, at + 30 + nameBytes.length);
    const head = Buffer.alloc(46);
    head.writeUInt32LE(0x02014b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(20, 6);
    head.writeUInt32LE(size, 20);
    head.writeUInt32LE(size, 24);
    head.writeUInt16LE(nameBytes.length, 28);
    head.writeUInt32LE(at, 42);
    central.push(head, nameBytes);
    at += 30 + nameBytes.length + size;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(at, 16);
  writeSync(fd, Buffer.concat([dirBytes, end]), 0, dirBytes.length + 22, at);
  closeSync(fd);
}

describe('importLibrary of a zip past 1 GiB', () => {
  it('reads the Pocket parts of a 1.1 GiB zip, not the whole file', async () => {
    const file = path.join(dir, 'pocket.zip');
    const csv = Buffer.from('title,url,time_added,tags,status\nOne,https://example.com/1,1700000000,big,unread\n');
    sparseZip(file, [['part_000000.csv', csv], ['junk.bin', MAX_IMPORT_BYTES + 100 * 1024 * 1024]]);
    expect(statSync(file).size).toBeGreaterThan(MAX_IMPORT_BYTES);
    const archive = await openArchive(path.join(dir, 'data'));
    try {
      const result = await archive.importLibrary(file);
      expect(result).toMatchObject({ format: 'pocket-csv', items: 1, added: 1, problems: [] });
    } finally {
      await archive.close();
    }
  }, 30_000);

  it('reads the metadata and content of a 1.1 GiB Omnivore zip; a hostile entry name in it is a problem, never read', async () => {
    const file = path.join(dir, 'omnivore.zip');
    const metadata = Buffer.from(JSON.stringify([{ id: '1', slug: 'kept', title: 'Kept', url: 'https://example.com/kept', state: 'Succeeded', labels: [] }]));
    const content = Buffer.from('<p>Kept page text, shipped in the zip.</p>');
    sparseZip(file, [['metadata_0_to_1.json', metadata], ['content/kept.html', content], ['../metadata_5_to_6.json', Buffer.from('[]')], ['images/huge.bin', MAX_IMPORT_BYTES + 100 * 1024 * 1024]]);
    expect(statSync(file).size).toBeGreaterThan(MAX_IMPORT_BYTES);
    const archive = await openArchive(path.join(dir, 'data-omnivore'));
    try {
      const result = await archive.importLibrary(file);
      expect(result).toMatchObject({ format: 'omnivore', items: 1, added: 1, stored: 1 });
      expect(result.problems).toEqual([{ line: null, item: '../metadata_5_to_6.json', reason: 'entry name with ".."' }]);
    } finally {
      await archive.close();
    }
  }, 30_000);
});
