// The folder lock's protocol (issue 10, item 1): created with its owner in one step, taken over
// only when stale and by one process alone, released only by its owner.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { lockDataDir } from '../../src/store/lock.js';

const taker = fileURLToPath(new URL('../fixtures/store/lock-taker.ts', import.meta.url));
const DEAD_PID = 2 ** 22 + 12345;

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'tidings-lock-'));
}

function lockFile(dir: string): string {
  return path.join(dir, 'tidings.lock');
}

describe('store: the folder lock', () => {
  it('writes its owner in the same step as it creates the lock', async () => {
    const dir = tempDir();
    const lock = await lockDataDir(dir);
    const owner = JSON.parse(readFileSync(lockFile(dir), 'utf8')) as Record<string, unknown>;
    expect(owner.pid).toBe(process.pid);
    expect(owner.token).toMatch(/^[0-9a-f]{16}$/);
    expect(typeof owner.since).toBe('string');
    // The temp file it was linked from is gone.
    expect(readdirSync(dir)).toEqual(['tidings.lock']);
    lock.release();
    expect(existsSync(lockFile(dir))).toBe(false);
  });

  it('does not take a lock whose owner is not written yet (an older Tidings at work)', async () => {
    const dir = tempDir();
    writeFileSync(lockFile(dir), '');
    await expect(Promise.resolve().then(() => lockDataDir(dir))).rejects.toThrow(/open in another Tidings process/);
    expect(readFileSync(lockFile(dir), 'utf8')).toBe('');
  });

  it('takes over an owner-less lock left by a crash long ago', async () => {
    const dir = tempDir();
    writeFileSync(lockFile(dir), '{"pi');
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockFile(dir), old, old);
    const lock = await lockDataDir(dir);
    expect(JSON.parse(readFileSync(lockFile(dir), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a stale lock of a dead pid, and cleans what dead takers left', async () => {
    const dir = tempDir();
    writeFileSync(lockFile(dir), JSON.stringify({ pid: DEAD_PID, token: 'aaaa', start: '1', host: os.hostname() }));
    // A taker that died holding the takeover mutex, and its owner temp file.
    writeFileSync(path.join(dir, 'tidings.lock.aaaa.takeover'), JSON.stringify({ pid: DEAD_PID + 1, token: 'bbbb', start: '1', host: os.hostname() }));
    writeFileSync(path.join(dir, `tidings.lock.${DEAD_PID + 1}-bbbb.new`), '{}');
    const lock = await lockDataDir(dir);
    expect(JSON.parse(readFileSync(lockFile(dir), 'utf8')).pid).toBe(process.pid);
    expect(readdirSync(dir)).toEqual(['tidings.lock']);
    lock.release();
  });

  it.skipIf(!existsSync('/proc/self/stat'))('takes over a lock whose pid now belongs to another process', async () => {
    const dir = tempDir();
    // The parent of this test runs, but it did not start at the time the lock records.
    writeFileSync(lockFile(dir), JSON.stringify({ pid: process.ppid, token: 'cccc', start: '1', host: os.hostname() }));
    const lock = await lockDataDir(dir);
    expect(JSON.parse(readFileSync(lockFile(dir), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('releases only its own lock', async () => {
    const dir = tempDir();
    const lock = await lockDataDir(dir);
    const other = JSON.stringify({ pid: process.ppid, token: 'dddd', start: null, host: os.hostname() });
    writeFileSync(lockFile(dir), other);
    lock.release();
    expect(readFileSync(lockFile(dir), 'utf8')).toBe(other);
  });

  it('says in one line what is wrong when tidings.lock is a folder, and leaves no temp file', async () => {
    const dir = tempDir();
    mkdirSync(lockFile(dir));
    await expect(lockDataDir(dir)).rejects.toThrow(`store: ${lockFile(dir)}: is a folder, not a lock file; remove it if no Tidings is running`);
    expect(readdirSync(dir)).toEqual(['tidings.lock']);
  });

  it('takes over a stale symlink to another file by replacing the link, never touching its target', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'precious.txt');
    writeFileSync(target, 'keep me');
    symlinkSync(target, lockFile(dir));
    const lock = await lockDataDir(dir, { waitMs: 5000 });
    expect(readFileSync(target, 'utf8')).toBe('keep me');
    expect(lstatSync(lockFile(dir)).isSymbolicLink()).toBe(false);
    lock.release();
    expect(readFileSync(target, 'utf8')).toBe('keep me');
  });

  it('waits for a busy lock when asked, and gets it once released', async () => {
    const dir = tempDir();
    const first = await lockDataDir(dir);
    setTimeout(() => first.release(), 300);
    const second = await lockDataDir(dir, { waitMs: 5000 });
    expect(existsSync(lockFile(dir))).toBe(true);
    second.release();
  });

  it('gives up after the wait with one line naming the holder', async () => {
    const dir = tempDir();
    writeFileSync(lockFile(dir), JSON.stringify({ pid: process.ppid, host: os.hostname() }));
    await expect(Promise.resolve().then(() => lockDataDir(dir, { waitMs: 200 }))).rejects.toThrow(/^store: .*: the archive is open in another Tidings process \(pid \d+\); close it first$/);
  });

  it('lets exactly one of eight simultaneous takers have one stale lock', { timeout: 60_000 }, async () => {
    const ROUNDS = 12;
    const TAKERS = 8;
    const dirs = Array.from({ length: ROUNDS }, () => {
      const dir = tempDir();
      writeFileSync(lockFile(dir), JSON.stringify({ pid: DEAD_PID, token: 'eeee' }));
      return dir;
    });
    const children = Array.from({ length: TAKERS }, () => spawn(process.execPath, ['--import', 'tsx', taker, JSON.stringify(dirs)], { stdio: ['pipe', 'pipe', 'inherit'] }));
    const outputs = children.map(() => '');
    let wake = () => {};
    children.forEach((child, i) => child.stdout.on('data', (chunk: Buffer) => {
      outputs[i] += chunk.toString();
      wake();
    }));
    const settled = async (lines: number) => {
      while (!outputs.every((out) => out.split('\n').length - 1 >= lines)) await new Promise<void>((resolve) => (wake = resolve));
    };
    await settled(1); // every taker is loaded
    for (const child of children) child.stdin.write(`${Date.now() + 300}\n`);
    await settled(1 + ROUNDS);
    await Promise.all(children.map((child) => new Promise((resolve) => {
      child.on('close', resolve);
      child.stdin.end();
    })));
    const winners = new Array<number>(ROUNDS).fill(0);
    for (const line of outputs.join('').trim().split('\n').filter((l) => l !== 'ready')) {
      const [round, result] = line.split(' ');
      if (result === 'won') winners[Number(round)]!++;
    }
    expect(winners).toEqual(new Array<number>(ROUNDS).fill(1));
    for (const dir of dirs) expect(readdirSync(dir).filter((n) => n !== 'tidings.lock')).toEqual([]);
  });
});


/** Mount a small tmpfs and fill it; null when mounting is not permitted here. */
function fullDisk(): string | null {
  const dir = tempDir();
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return null;
  }
  try {
    writeFileSync(path.join(dir, 'filler.bin'), Buffer.alloc(1024 * 1024));
  } catch {
    // ENOSPC: the disk is full, as wanted
  }
  return dir;
}

const full = fullDisk();
if (full === null) console.log('lock on a full disk: skipped, mounting a tmpfs is not permitted here');

describe.skipIf(full === null)('store: the folder lock on a full disk (tmpfs)', () => {
  afterAll(() => {
    execFileSync('umount', ['-l', full!]); // lazy: an fd a failed taker left open must not fail the run
  });

  it('takes, refuses a second taker, takes over and releases with no space for its owner file', async () => {
    const dir = full!;
    const lock = await lockDataDir(dir);
    expect(lstatSync(lockFile(dir)).isSymbolicLink()).toBe(true);
    await expect(lockDataDir(dir)).rejects.toThrow(/already open in this process/);
    lock.release();
    expect(existsSync(lockFile(dir))).toBe(false);
    // A stale lock of a dead process, as a symlink, is taken over.
    symlinkSync(`tidings:${DEAD_PID}::abcd`, lockFile(dir));
    const second = await lockDataDir(dir);
    expect(readlinkSync(lockFile(dir))).toContain(`tidings:${process.pid}:`);
    second.release();
    expect(readdirSync(dir)).toEqual(['filler.bin']);
  });
});
