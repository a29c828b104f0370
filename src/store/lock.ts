// One process writes a data directory at a time. The lock is a file holding the owner's pid;
// a lock whose process is gone is taken over.

import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { TidingsError } from '../errors.js';

export interface DirLock {
  release(): void;
}

const LOCK_NAME = 'tidings.lock';

export function lockDataDir(dataDir: string): DirLock {
  const file = path.join(dataDir, LOCK_NAME);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, since: new Date().toISOString() }));
      closeSync(fd);
      return { release: () => releaseIfOurs(file) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(file);
      if (owner !== null && owner !== process.pid && isAlive(owner)) {
        throw new TidingsError('store', dataDir, `the archive is open in another Tidings process (pid ${owner}); close it first`);
      }
      if (owner === process.pid) {
        throw new TidingsError('store', dataDir, 'the archive is already open in this process');
      }
      rmSync(file, { force: true });
    }
  }
  throw new TidingsError('store', dataDir, `could not take the lock ${LOCK_NAME}`);
}

function readOwner(file: string): number | null {
  try {
    const pid = (JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown }).pid;
    return typeof pid === 'number' ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseIfOurs(file: string): void {
  if (readOwner(file) === process.pid) rmSync(file, { force: true });
}
