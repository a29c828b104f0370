// The atomic writer under pressure: a feed of 3,000 items (6,000 files) is written with a bounded
// number of open descriptors (it opened them all at once and failed with EMFILE), still with one
// fsync of the folder for the batch; a full disk is one readable error and leaves no temp file.

import { promises as fsp, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_OPEN_FILES, writeFileAtomic, writeFileGroupsAtomic } from '../../src/store/atomic.js';
import { TidingsError } from '../../src/errors.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-atomic-'));
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** Counts the files open at once through fs.promises.open (what the writer uses). */
function watchOpenFiles() {
  const real = fsp.open.bind(fsp);
  const seen = { open: 0, max: 0, dirOpens: 0 };
  vi.spyOn(fsp, 'open').mockImplementation((async (file: string, flags?: string, mode?: number) => {
    if (file === dir) seen.dirOpens++;
    const handle = await real(file, flags, mode);
    seen.open++;
    seen.max = Math.max(seen.max, seen.open);
    const close = handle.close.bind(handle);
    handle.close = async () => {
      seen.open--;
      return close();
    };
    return handle;
  }) as typeof fsp.open);
  return seen;
}

describe('writeFileGroupsAtomic', () => {
  it('writes 3,000 two-file groups with at most MAX_OPEN_FILES files open at once and one folder fsync', { timeout: 60_000 }, async () => {
    const seen = watchOpenFiles();
    const groups = Array.from({ length: 3000 }, (_, i) => [
      { target: path.join(dir, `${i}.html`), data: `<p>${i}</p>` },
      { target: path.join(dir, `${i}.txt`), data: `${i}` },
    ]);
    const errors = await writeFileGroupsAtomic(dir, groups);
    expect(errors.every((e) => e === null)).toBe(true);
    expect(seen.max).toBeLessThanOrEqual(32);
    expect(seen.max).toBeLessThanOrEqual(MAX_OPEN_FILES);
    expect(seen.dirOpens).toBe(1);
    const names = readdirSync(dir);
    expect(names).toHaveLength(6000);
    expect(names.some((n) => n.endsWith('.tmp'))).toBe(false);
  });
});

describe('a full disk', () => {
  /** Every write to a temp file fails as a full disk does. */
  function diskFull() {
    const real = fsp.open.bind(fsp);
    vi.spyOn(fsp, 'open').mockImplementation((async (file: string, flags?: string, mode?: number) => {
      const handle = await real(file, flags, mode);
      if (file !== dir) {
        const enospc = async () => {
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
        };
        handle.writeFile = enospc;
        handle.write = enospc as typeof handle.write;
      }
      return handle;
    }) as typeof fsp.open);
  }

  it('is one readable TidingsError naming the file, and leaves no temp file', async () => {
    diskFull();
    const target = path.join(dir, 'library.json');
    const error = await writeFileAtomic(target, '{"a":1}').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TidingsError);
    expect((error as TidingsError).message).toBe(`store: ${target}: no space left on the disk`);
    expect((error as { code?: string }).code).toBe('ENOSPC');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('fails each group of a batch alone with the same error, and leaves no temp file', async () => {
    diskFull();
    const errors = await writeFileGroupsAtomic(dir, [[{ target: path.join(dir, 'a.html'), data: 'a' }, { target: path.join(dir, 'a.txt'), data: ['a', 'b'] }]]);
    expect((errors[0] as Error).message).toMatch(/^store: .*a\.(html|txt): no space left on the disk$/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
