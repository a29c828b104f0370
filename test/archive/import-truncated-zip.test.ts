// A zip whose central directory is cut (a download that stopped, a copy that did not finish),
// imported through importLibrary: refused with a clear error that names the file, and nothing in
// the archive changes. Both ways a directory is cut: its end record gone with it, or the end
// record kept and the directory short of what it says (bytes taken out of the middle).

import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { exportedArchive } from './export-fixture.js';

let dir: string;
const zips: Record<string, Buffer> = {};
const text = (value: string): Uint8Array => new TextEncoder().encode(value);

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-import-truncated-zip-'));
  zips.archive = readFileSync((await exportedArchive(dir)).zip);
  zips.pocket = Buffer.from(zipSync({ 'part_000000.csv': text('title,url,time_added,cursor,tags,status\nFirst,https://example.invalid/1,1700000000,a1,x,archive\n') }));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The offset of the central directory, from the end record (the last 22 bytes: these zips have no comment). */
function directoryStart(zip: Buffer): number {
  const end = zip.length - 22;
  expect(zip.readUInt32LE(end)).toBe(0x06054b50);
  return zip.readUInt32LE(end + 16);
}

const cuts: Record<string, (zip: Buffer) => Buffer> = {
  'cut inside the central directory, its end record gone': (zip) => zip.subarray(0, directoryStart(zip) + 30),
  'the end record kept, the directory short of what it says': (zip) => Buffer.concat([zip.subarray(0, directoryStart(zip) + 10), zip.subarray(zip.length - 22)]),
};

/** What an import could have changed: every file under the data directory with its size, and the article ids. */
async function stateOf(dataDir: string, archive: Archive): Promise<unknown> {
  const files: string[] = [];
  const walk = (at: string): void => {
    for (const name of readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, name.name);
      if (name.isDirectory()) walk(full);
      else if (!/library\.json|search|\.lock/.test(full)) files.push(`${path.relative(dataDir, full)} ${statSync(full).size}`);
    }
  };
  walk(dataDir);
  const list = await archive.listArticles({ limit: 1000 });
  return { files: files.sort(), articles: JSON.stringify(list) };
}

describe('importLibrary: a zip with a truncated central directory', () => {
  for (const kind of ['archive', 'pocket']) {
    for (const [how, cut] of Object.entries(cuts)) {
      it(`${kind}: ${how}`, { timeout: 30_000 }, async () => {
        const name = `${kind}-${how.replace(/\W+/g, '-')}.zip`;
        const file = path.join(dir, name);
        writeFileSync(file, cut(zips[kind]!));
        const dataDir = path.join(dir, `data-${name}`);
        const archive = await openArchive(dataDir);
        try {
          const before = await stateOf(dataDir, archive);
          const error = await archive.importLibrary(file).then(() => null, (e: unknown) => e as Error);
          expect(error, 'refused').not.toBeNull();
          expect(error!.message).toContain(name);
          expect(error!.message).toMatch(/not a readable zip: .*truncated/);
          expect(await stateOf(dataDir, archive), 'nothing changed').toEqual(before);
        } finally {
          await archive.close();
        }
      });
    }
  }
});
