// The folder's file events for an article we write can arrive before the write's last fsync
// returns (CI saw it: one setRead gave two "changed" events, the second from the seed article's
// own rename, taken for a file a sync engine replaced). Our files are ours from the first byte.

import { watch } from 'node:fs';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArticleFiles } from '../../src/store/files.js';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tidings-own-writes-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('ArticleFiles.wroteRecently', () => {
  it('is true while the write is still under way', async () => {
    const files = new ArticleFiles(dir);
    await files.init();
    const id = '00000000000000aa';
    const writing = files.writeMany([{ id, html: '<p>a</p>', text: 'a' }]);
    expect(files.wroteRecently(id)).toBe(true);
    await writing;
    expect(files.wroteRecently(id)).toBe(true);
  });

  it('answers true for every event the folder gives about the write', async () => {
    const files = new ArticleFiles(dir);
    await files.init();
    const id = '00000000000000bb';
    const answers: boolean[] = [];
    const watcher = watch(files.articlesDir, (_event, name) => {
      if (name?.toString().startsWith(id)) answers.push(files.wroteRecently(id));
    });
    try {
      await files.writeMany([{ id, html: '<p>b</p>', text: 'b' }]);
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      watcher.close();
    }
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.every(Boolean)).toBe(true);
  });
});
