// The store benchmark's own parts: the fixture library it opens, the probe that tells a durable
// mutation (journal appended before the call resolved) from one written later, and a small run
// of the whole scenario against the public API. No timing is asserted (timings never go into tests).

import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/archive/index.js';
import { generateLibrary, writeLibrary } from '../../bench/store-library.js';
import { dirBytes, measureStore, timedMutation } from '../../bench/scenarios/store.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-bench-store-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('store benchmark: the generated library', () => {
  it('opens with every article and feed and no damage notice', async () => {
    const dir = tempDir();
    const data = generateLibrary(300, 7);
    expect(writeLibrary(dir, data)).toBeGreaterThan(300 * 500);
    const archive = await openArchive(dir);
    try {
      expect(archive.notices).toEqual([]);
      const stats = await archive.stats();
      expect(stats.articles).toBe(300);
      expect(stats.feeds).toBe(7);
      expect(stats.saved).toBeGreaterThan(0);
    } finally {
      await archive.close();
    }
  });
});

describe('store benchmark: the durability probe', () => {
  it('counts an append made before the mutation resolved', async () => {
    const journal = path.join(tempDir(), 'journal');
    mkdirSync(journal);
    const result = await timedMutation(journal, async () => {
      appendFileSync(path.join(journal, 'device.jsonl'), '{"op":"star"}\n');
    });
    expect(result.appended).toBe(true);
    expect(result.ms).toBeGreaterThanOrEqual(0);
  });

  it('does not count an append made after the mutation resolved (written later, not durable)', async () => {
    const journal = path.join(tempDir(), 'journal');
    mkdirSync(journal);
    let later: Promise<void> = Promise.resolve();
    const result = await timedMutation(journal, async () => {
      later = new Promise((resolve) => setTimeout(() => {
        appendFileSync(path.join(journal, 'device.jsonl'), '{"op":"star"}\n');
        resolve();
      }, 30));
    });
    expect(result.appended).toBe(false);
    await later;
    expect(dirBytes(journal)).toBeGreaterThan(0);
  });

  it('reads a missing journal folder as nothing written', async () => {
    const journal = path.join(tempDir(), 'journal');
    expect(dirBytes(journal)).toBe(0);
    expect((await timedMutation(journal, async () => {})).appended).toBe(false);
  });
});

describe('store benchmark: a small run', () => {
  it('reports the mutation, flush and ratio figures from one run', async () => {
    const result = await measureStore(tempDir(), { articles: 400, feeds: 5, mutated: 10, flushes: 3, opens: 1 });
    const byName = new Map(result.metrics.map((m) => [m.name, m]));
    for (const name of ['mutation p50', 'mutation p95', 'setStarred p95', 'setRead p95', 'tagArticles p95', 'durable', 'journal/ growth per mutation', 'old flush p50', 'old flush p95', 'old flush / mutation (p95)', 'append+fdatasync p50', 'append+fdatasync p95', 'library.json size']) {
      expect(byName.get(name), name).toBeDefined();
      expect(Number.isFinite(byName.get(name)!.value), name).toBe(true);
    }
    // The disk's floor, measured in the same run: the mutation p95 is shown against it.
    const floor = byName.get('append+fdatasync p95')!;
    expect(byName.get('mutation p95')!.baseline).toBe(floor.value);
    expect(byName.get('mutation / append+fdatasync (p95)')!.value).toBeCloseTo(byName.get('mutation p95')!.value / floor.value, 0);
    // 3 operations on 10 different articles.
    expect(result.notes?.join('\n')).toMatch(/30 mutations/);
    const durable = byName.get('durable')!.value;
    expect(durable === 0 || durable === 1).toBe(true);
    // Not durable can never meet the write-cost goal, however fast the call returned.
    if (durable === 0) expect(byName.get('mutation p95')!.pass).toBe(false);
  });
});
