// The sliced serializer writes exactly what JSON.stringify writes, and lets timers run
// between slices instead of blocking for the whole library.

import { describe, expect, it } from 'vitest';
import { serializeLibrary } from '../../src/store/serialize.js';

function library(n: number) {
  const articles: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) articles[`id-${i}`] = { title: `T "${i}" ł\u2028`, tags: ['a'], read: i % 2 === 0, skip: undefined };
  return { schemaVersion: 1, settings: { theme: 'dark' }, articles, tombstones: { x: 'y' }, rules: [], missing: undefined };
}

describe('store: sliced serialization', () => {
  it.each([0, 10, 2001, 12_345])('equals JSON.stringify for %i articles', async (n) => {
    const data = library(n);
    expect((await serializeLibrary(data)).join('')).toBe(JSON.stringify(data));
  });

  it('yields to the event loop while serializing a large library', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    await serializeLibrary(library(50_000));
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
  });
});
