// import-file takes regular files only, judged after symlinks are resolved: /proc files (size 0,
// so they slipped past the size cap), devices, fifos and folders are one clear 'invalid' error
// and nothing is stored. A fifo must not hang the import.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { TidingsError } from '../../src/errors.js';

let dir: string;
let files: string;
let archive: Archive;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-import-kinds-'));
  files = path.join(dir, 'files');
  mkdirSync(files);
  archive = await openArchive(path.join(dir, 'archive'));
});

afterAll(async () => {
  await archive.close();
  rmSync(dir, { recursive: true, force: true });
});

const linkTo = (name: string, target: string) => {
  const file = path.join(files, name);
  symlinkSync(target, file);
  return file;
};

const linux = process.platform === 'linux';

describe('importFile refuses what is not a regular file', () => {
  const cases: [string, () => string][] = [
    ['a /proc file behind a symlink (maps)', () => linkTo('maps.txt', '/proc/self/maps')],
    ['a /proc file behind a symlink (status, .html)', () => linkTo('status.html', '/proc/self/status')],
    ['a /proc file behind a symlink (environ)', () => linkTo('environ.txt', '/proc/self/environ')],
    ['/dev/zero behind a symlink', () => linkTo('zero.txt', '/dev/zero')],
    ['a fifo', () => {
      const file = path.join(files, 'pipe.txt');
      execFileSync('mkfifo', [file]);
      return file;
    }],
    ['a folder', () => {
      const file = path.join(files, 'folder.txt');
      mkdirSync(file);
      return file;
    }],
  ];
  for (const [what, make] of cases) {
    it.skipIf(!linux)(`refuses ${what}: one 'invalid' error, nothing stored`, { timeout: 5000 }, async () => {
      const before = (await archive.listArticles({ limit: 1000 })).total;
      const error = await archive.importFile(make()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TidingsError);
      expect((error as TidingsError).kind).toBe('invalid');
      expect((error as TidingsError).message).toMatch(/^import: /);
      expect((await archive.listArticles({ limit: 1000 })).total).toBe(before);
    });
  }

  it('still imports a regular file reached through a symlink', async () => {
    writeFileSync(path.join(files, 'real.txt'), 'Hello\n\nA plain note.');
    const article = await archive.importFile(linkTo('note.txt', path.join(files, 'real.txt')));
    expect(article.title).toBe('Hello');
  });
});
