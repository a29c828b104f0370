// A first refresh writes 10,000 articles, and the folder watcher asks wroteRecently for every
// file event of each (several per file). Each question walked the whole memory of our writes to
// forget old ones: 10,000 x 80,000 steps, 5 s of the main thread in the profile of issue 13.
// The writes themselves are stubbed here: what is measured is the memory, not the disk.

import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/store/atomic.js', () => ({
  writeFileGroupsAtomic: async (_dir: string, groups: readonly unknown[]) => groups.map(() => null),
  writeFileAtomic: async () => undefined,
}));

const { ArticleFiles } = await import('../../src/store/files.js');

const idOf = (n: number) => n.toString(16).padStart(16, '0');

afterEach(() => {
  vi.useRealTimers();
});

describe('ArticleFiles.wroteRecently with many articles', () => {
  it('answers 40,000 questions about 20,000 written articles (its speed is in the bench, not here)', async () => {
    const files = new ArticleFiles('/nonexistent-tidings-dir');
    for (let batch = 0; batch < 1000; batch++) {
      await files.writeMany(Array.from({ length: 20 }, (_, i) => ({ id: idOf(batch * 20 + i), html: '<p>x</p>', text: 'x' })));
    }
    let ours = 0;
    for (let n = 0; n < 40_000; n++) if (files.wroteRecently(idOf(n % 20_000))) ours++;
    expect(ours).toBe(40_000);
  });

  it('still forgets an article written longer ago than asked, and keeps the newer ones', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const files = new ArticleFiles('/nonexistent-tidings-dir');
    await files.writeMany([{ id: idOf(1), html: '', text: '' }]);
    vi.setSystemTime(1_020_000);
    await files.writeMany([{ id: idOf(2), html: '', text: '' }]);
    vi.setSystemTime(1_035_000);
    expect(files.wroteRecently(idOf(1))).toBe(false);
    expect(files.wroteRecently(idOf(2))).toBe(true);
    // Written again: its time is the new one.
    await files.writeMany([{ id: idOf(1), html: '', text: '' }]);
    vi.setSystemTime(1_060_000);
    expect(files.wroteRecently(idOf(2))).toBe(false);
    expect(files.wroteRecently(idOf(1))).toBe(true);
    expect(files.wroteRecently(idOf(1), 10_000)).toBe(false);
  });
});
