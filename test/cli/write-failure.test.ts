// A write that fails is never reported as saved: the command line holds back what a command
// prints until the archive is flushed and closed; if either fails (a full disk) it prints one
// line `tidings: <message>`, exits 1, and nothing claims success. The fault is injected through
// the open seam of Io, and once for real on a small tmpfs (skipped where mount is not allowed).

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { main } from '../../src/cli/main.js';
import { TidingsError } from '../../src/errors.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'tidings-cli-write-failure-'));
const page = path.join(root, 'note.txt');
writeFileSync(page, 'A short note about rivers that the user wants to keep.\n');

afterAll(() => rmSync(root, { recursive: true, force: true }));

type Fault = 'flush' | 'close';

/** The real archive, except that flush (or close) fails the way a full disk makes it fail. */
function faulty(fault: Fault): (dir: string) => Promise<Archive> {
  return async (dir) => {
    const archive = await openArchive(dir);
    const enospc = () => new TidingsError('store', path.join(dir, 'library.json'), 'no space left on the disk', 'failed');
    if (fault === 'flush') return { ...archive, flush: () => Promise.reject(enospc()), close: async () => { await archive.close().catch(() => undefined); throw enospc(); } };
    return { ...archive, close: async () => { await archive.close(); throw enospc(); } };
  };
}

async function run(args: string[], open?: (dir: string) => Promise<Archive>): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), env: {}, open });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('a failed write is reported as failed', () => {
  it.each<Fault>(['flush', 'close'])('import-file whose %s fails: exit 1, one line, no "saved"', async (fault) => {
    const dir = path.join(root, `data-${fault}`);
    const result = await run(['--data-dir', dir, 'import-file', page], faulty(fault));
    expect(result.out).toBe('');
    expect(result.code).toBe(1);
    expect(result.err).toBe(`tidings: store: ${path.join(dir, 'library.json')}: no space left on the disk`);
  });

  it('prints what the command said once the flush succeeded', async () => {
    const result = await run(['--data-dir', path.join(root, 'data-ok'), 'import-file', page]);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toMatch(/^saved [0-9a-f]+ /);
  });
});

describe('on a real full disk (tmpfs)', () => {
  const mnt = path.join(root, 'small-disk');
  let mounted = false;
  try {
    mkdirSync(mnt);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mnt], { stdio: 'ignore' });
    mounted = true;
  } catch {
    mounted = false;
  }
  afterAll(() => {
    if (mounted) execFileSync('umount', [mnt]);
  });

  it.skipIf(!mounted)('import-file on a full disk never prints "saved" and exits 1 with one line', async () => {
    const dir = path.join(mnt, 'data');
    expect((await run(['--data-dir', dir, 'list'])).code).toBe(0);
    // Fill what is left of the disk.
    const chunk = Buffer.alloc(64 * 1024, 1);
    let i = 0;
    try {
      for (;;) writeFileSync(path.join(mnt, `filler-${i++}`), chunk);
    } catch {
      // ENOSPC: the disk is full now.
    }
    const big = path.join(root, 'big.txt');
    writeFileSync(big, `${'A paragraph about rivers and the bridges over them. '.repeat(4000)}\n`);
    const result = await run(['--data-dir', dir, 'import-file', big]);
    expect(result.out).not.toMatch(/saved/);
    expect(result.code).toBe(1);
    // Opening may add a notice (no backup was made); the failure itself is one line, no stack trace.
    const lines = result.err.split('\n');
    expect(lines.every((l) => l.startsWith('tidings: ')), result.err).toBe(true);
    expect(lines.at(-1)).toMatch(/no space left/);
  });
  if (!mounted) it.skip('tmpfs: mount is not allowed here, the full-disk case is not run', () => undefined);
});
