// A full disk (issue 10, item 3, the store's side): opening works with no space (a backup
// that cannot be made is a notice), list and delete work, and a change that cannot be written
// is reported as failed in one line, leaving the old library.json intact.
//
// The real test mounts a small tmpfs (root only; skipped with one line elsewhere); an injected
// ENOSPC on the backup copy runs everywhere.

import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, promises as fsp, readFileSync, rmdirSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openArchive } from '../../src/archive/index.js';
import { Library } from '../../src/store/index.js';

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'tidings-full-'));
}

function noSpace(): NodeJS.ErrnoException {
  return Object.assign(new Error('ENOSPC: no space left on device, copyfile'), { code: 'ENOSPC' });
}

describe('store: no space for the backup at open (injected)', () => {
  it('opens, says no backup was made, and keeps the data', async () => {
    const dir = tempDir();
    const first = await Library.open(dir);
    first.change((d) => void d.savedSearches.push({ id: 's', name: 'kept', query: 'q' }));
    await first.flush();
    const copy = vi.spyOn(fsp, 'copyFile').mockRejectedValue(noSpace());
    const mkdir = vi.spyOn(fsp, 'mkdir').mockRejectedValue(Object.assign(new Error('EROFS'), { code: 'EROFS' }));
    try {
      const library = await Library.open(dir);
      expect(library.data.savedSearches.map((s) => s.name)).toEqual(['kept']);
      expect(library.notices.join('\n')).toMatch(/no backup of library\.json was made at open \(the disk is read-only\)/);
      mkdir.mockRestore();
      const again = await Library.open(dir);
      expect(again.notices.join('\n')).toMatch(/no backup .* \(no space left on the disk\)/);
    } finally {
      copy.mockRestore();
      mkdir.mockRestore();
    }
  });
});

/** Mount a tmpfs of `size` at a new folder; null when this machine does not allow it. */
function mountTmpfs(size: string): string | null {
  const dir = tempDir();
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    rmdirSync(dir);
    return null;
  }
}

/** Write a filler file until the disk is full. */
function fillDisk(dir: string): void {
  const fd = openSync(path.join(dir, 'filler.bin'), 'w');
  const chunk = Buffer.alloc(4096, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

const mount = mountTmpfs('3m');
if (mount === null) console.log('full-disk tmpfs test skipped: mounting a tmpfs is not permitted here');

describe.skipIf(mount === null)('store: a real full disk (tmpfs)', () => {
  const root = mount!;
  const dataDir = path.join(root, 'data');
  let bigId = '';
  let smallId = '';

  beforeAll(async () => {
    const archive = await openArchive(dataDir);
    writeFileSync(path.join(root, 'big.txt'), `Big one\n\n${'A long paragraph of words. '.repeat(12_000)}\n`);
    writeFileSync(path.join(root, 'small.txt'), 'Small one\n\nA few words.\n');
    bigId = (await archive.importFile(path.join(root, 'big.txt'))).id;
    smallId = (await archive.importFile(path.join(root, 'small.txt'))).id;
    await archive.close();
    fillDisk(root);
  }, 60_000);

  afterAll(() => {
    execFileSync('umount', ['-l', root]);
    rmdirSync(root);
  });

  it('opens and lists with no space left, and reports a change it cannot write as failed', async () => {
    const before = readFileSync(path.join(dataDir, 'library.json'));
    const archive = await openArchive(dataDir);
    expect(archive.notices.join('\n')).toMatch(/no backup of library\.json was made at open \(no space left on the disk\)/);
    expect((await archive.listArticles({})).total).toBe(3);
    await archive.tagArticles([smallId], ['later']);
    await expect(archive.flush()).rejects.toThrow(/^store: library\.json: no space left on the disk; nothing was saved/);
    expect(readFileSync(path.join(dataDir, 'library.json'))).toEqual(before);
    // close reports the same failure in one line, and still releases the lock.
    await expect(archive.close()).rejects.toThrow(/^store: library\.json: no space left on the disk/);
    expect(existsSync(path.join(dataDir, 'tidings.lock'))).toBe(false);
  });

  it('deletes an article on a full disk, which frees the space to save the deletion', async () => {
    const archive = await openArchive(dataDir);
    await archive.deleteArticles([bigId]);
    await archive.flush();
    await archive.close();
    const reopened = await openArchive(dataDir);
    expect((await reopened.listArticles({})).items.map((a) => a.id)).not.toContain(bigId);
    expect((await reopened.listArticles({})).total).toBe(2);
    await reopened.close();
  });
});
