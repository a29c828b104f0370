// The zip writer and reader: what we write is read by other tools (unzip, Python's zipfile,
// fflate) and by our reader; past 65,535 entries (a library of 33,000 articles) and with Zip64
// fields (forced here: an archive past 4 GiB takes too long to write in a test) it still is.
// The reader inflates a deflated entry in bounded pieces (a zip bomb is not inflated whole).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { ZipReader } from '../../src/exports/index.js';
import { ZipFileWriter } from '../../src/exports/zip-writer.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-zip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hasUnzip = spawnSync('which', ['unzip']).status === 0;
const hasPython = spawnSync('python3', ['-c', 'import zipfile']).status === 0;

async function readAll(file: string): Promise<Map<string, string>> {
  const reader = await ZipReader.open(file, { maxTotal: () => 1024 ** 3 });
  const out = new Map<string, string>();
  for (const entry of reader.entries) out.set(entry.name, (await reader.readAll(entry)).toString('utf8'));
  await reader.close();
  return out;
}

/** Python's zipfile: every entry's CRC checked; prints the entry count. */
function pythonCount(file: string): number {
  const run = spawnSync('python3', ['-c', 'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nbad = z.testzip()\nassert bad is None, bad\nprint(len(z.namelist()))', file], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return Number(run.stdout.trim());
}

async function write(name: string, options: { forceZip64?: boolean }, entries: [string, string, boolean][]): Promise<string> {
  const file = path.join(dir, name);
  const zip = await ZipFileWriter.create(file, options);
  for (const [n, data, compress] of entries) await zip.add(n, data, compress);
  await zip.finish();
  return file;
}

const SAMPLE: [string, string, boolean][] = [
  ['a.txt', 'hello '.repeat(1000), true],
  ['dir/ü名.bin', 'stored as is', false],
  ['empty.txt', '', true],
  ['big.txt', 'x'.repeat(3 * 1024 * 1024 + 7), true],
];

describe('zip writer', () => {
  for (const forceZip64 of [false, true]) {
    it(`is read back by our reader, fflate${hasUnzip ? ', unzip' : ''}${hasPython ? ', Python' : ''} (Zip64 fields ${forceZip64 ? 'forced' : 'only where needed'})`, async () => {
      const file = await write(`sample-${forceZip64}.zip`, { forceZip64 }, SAMPLE);
      const ours = await readAll(file);
      for (const [n, data] of SAMPLE) expect(ours.get(n)).toBe(data);
      if (!forceZip64) {
        const theirs = unzipSync(readFileSync(file));
        for (const [n, data] of SAMPLE) expect(strFromU8(theirs[n]!)).toBe(data);
      }
      if (hasUnzip) expect(spawnSync('unzip', ['-tq', file], { encoding: 'utf8' }).status).toBe(0);
      if (hasPython) expect(pythonCount(file)).toBe(SAMPLE.length);
    }, 30_000);
  }

  it('past 65,535 entries: Zip64 end records, every entry read back', async () => {
    const count = 70_000;
    const entries: [string, string, boolean][] = Array.from({ length: count }, (_, i) => [`articles/${i.toString(16).padStart(16, '0')}.txt`, `text ${i}`, i % 2 === 0]);
    const file = await write('many.zip', {}, entries);
    const reader = await ZipReader.open(file, { maxTotal: () => 1024 ** 3 });
    expect(reader.entries).toHaveLength(count);
    expect((await reader.readAll(reader.entries[count - 1]!)).toString()).toBe(`text ${count - 1}`);
    await reader.close();
    if (hasPython) expect(pythonCount(file)).toBe(count);
  }, 120_000);

  it('lets the event loop run while it reads a large entry (the server answers during a restore)', async () => {
    const file = await write('big.zip', {}, [['big.bin', 'b'.repeat(32 * 1024 * 1024), false]]);
    const reader = await ZipReader.open(file, { maxTotal: () => 1024 ** 3 });
    let turns = 0;
    let reading = true;
    const tick = () => {
      turns++;
      if (reading) setImmediate(tick);
    };
    setImmediate(tick);
    await reader.read(reader.entries[0]!, () => undefined);
    reading = false;
    await reader.close();
    // Reading 32 MiB gave the loop several turns, not none until the end.
    expect(turns).toBeGreaterThan(2);
  }, 60_000);

  it('inflates in bounded pieces: 64 MiB of one letter (64 KiB deflated) comes in chunks of at most 20 MiB, not at once', async () => {
    const file = await write('runs.zip', {}, [['run.txt', 'a'.repeat(64 * 1024 * 1024), true]]);
    const reader = await ZipReader.open(file, { maxTotal: () => 1024 ** 3 });
    let largest = 0;
    let total = 0;
    await reader.read(reader.entries[0]!, (chunk) => {
      largest = Math.max(largest, chunk.length);
      total += chunk.length;
    });
    await reader.close();
    expect(total).toBe(64 * 1024 * 1024);
    expect(largest).toBeLessThanOrEqual(20 * 1024 * 1024);
  }, 60_000);

  it('a failed write leaves no temp file and no target', async () => {
    const file = path.join(dir, 'failed.zip');
    const zip = await ZipFileWriter.create(file);
    await zip.add('a.txt', 'a', true);
    await zip.abort();
    expect(spawnSync('ls', ['-a', dir], { encoding: 'utf8' }).stdout).not.toMatch(/failed\.zip/);
  });
});
