// The Done-when crash test of issue 10: six command-line writers started in the same instant on
// one data directory, twenty rounds. The folder lock lets one write at a time; every import that
// was acknowledged (exit 0) must be in the archive afterwards, and a process that could not get
// the lock says so in one line and exits non-zero.
//
// The command line is bundled once (test/cli/bundle.ts): 120 process starts through tsx would
// cost minutes of CPU.

import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/archive/index.js';
import { lockDataDir } from '../../src/store/lock.js';
import { type Bundle, bundle } from './bundle.js';

const WRITERS = 6;
const ROUNDS = 20;
let cli: Bundle | null = null;

interface Run {
  code: number | null;
  out: string;
  err: string;
}

function runCli(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli!.file, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('cli: simultaneous writers on one data directory', () => {
  beforeAll(async () => {
    cli = await bundle('src/cli/main.ts');
  }, 60_000);
  afterAll(() => cli?.remove());

  it(`keeps every acknowledged import of ${WRITERS} writers x ${ROUNDS} rounds`, { timeout: 300_000 }, async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'tidings-concurrent-'));
    const dataDir = path.join(root, 'data');
    // Opened once in this process: the seed and the search index exist before the race starts.
    await (await openArchive(dataDir)).close();

    const acknowledged: string[] = [];
    let losers = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const runs = await Promise.all(
        Array.from({ length: WRITERS }, (_, w) => {
          const word = `round${round}writer${w}`;
          const file = path.join(root, `${word}.txt`);
          writeFileSync(file, `${word}\n\nThe unique text of writer ${w} in round ${round}.\n`);
          return runCli(['--data-dir', dataDir, 'import-file', file]).then((run) => ({ word, run }));
        }),
      );
      for (const { word, run } of runs) {
        if (run.code === 0) {
          acknowledged.push(word);
        } else {
          losers++;
          expect(run.code, `${word}: ${run.err}`).toBeGreaterThan(0);
          expect(run.err.trim().split('\n'), `${word}: ${run.err}`).toHaveLength(1);
          expect(run.err).toMatch(/^tidings: /);
        }
      }
    }
    // Checked once at the end: an import overwritten by a racing writer stays lost.
    const listed = await runCli(['--data-dir', dataDir, 'list', '--json', '--limit=1000']);
    expect(listed.code, listed.err).toBe(0);
    const titles = new Set((JSON.parse(listed.out) as { items: { title: string }[] }).items.map((a) => a.title));
    const lost = acknowledged.filter((word) => !titles.has(word));
    expect(lost, 'acknowledged imports missing from the archive').toEqual([]);
    expect(acknowledged.length + losers).toBe(WRITERS * ROUNDS);
    expect(acknowledged.length).toBeGreaterThan(0);
  });

  it('a writer that cannot get the lock within its wait exits 1 with one line and changes nothing', { timeout: 60_000 }, async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'tidings-concurrent-'));
    const dataDir = path.join(root, 'data');
    await (await openArchive(dataDir)).close();
    const held = await lockDataDir(dataDir); // this process holds it past the command line's wait
    const file = path.join(root, 'never.txt');
    writeFileSync(file, 'never\n\nNot imported.\n');
    const run = await runCli(['--data-dir', dataDir, 'import-file', file]);
    held.release();
    expect(run.code).toBe(1);
    expect(run.err.trim().split('\n')).toEqual([expect.stringMatching(/^tidings: store: .*: the archive is open in another Tidings process \(pid \d+\); close it first$/)]);
    const listed = await runCli(['--data-dir', dataDir, 'list', '--json']);
    expect((JSON.parse(listed.out) as { items: { title: string }[] }).items.map((a) => a.title)).not.toContain('never');
  });
});
