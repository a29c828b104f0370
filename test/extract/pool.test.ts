// The worker pool: pages run in worker threads; a page over the size cap is refused before
// any worker sees it; a page that runs past the time limit gets its worker terminated and the
// pool goes on; workers are replaced after N pages (feed fragments count by size only);
// closing fails what is still waiting.

import { afterEach, describe, expect, it } from 'vitest';
import { ExtractionPool } from '../../src/extract/pool.js';

const ARTICLE = `<html><head><title>Pool page</title></head><body><article>${'<p>Words of a paragraph long enough to be read as the article by Readability, again and again.</p>'.repeat(12)}</article></body></html>`;
/** Readability has to score every one of these: far more work than the short time limit below allows. */
const ENDLESS = `<html><body>${'<div><p>Busy paragraph with enough text to be scored, with commas, and more commas, and more.</p></div>'.repeat(60_000)}</body></html>`;

let pool: ExtractionPool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

describe('ExtractionPool', () => {
  it('extracts pages in worker threads, several at once', async () => {
    pool = new ExtractionPool({ size: 2 });
    const results = await Promise.all([1, 2, 3, 4].map(() => pool!.run('page', ARTICLE, 'https://example.com/a')));
    for (const r of results) {
      expect(r.readable).toBe(true);
      expect(r.meta.title).toBe('Pool page');
    }
    expect(pool.started).toBeLessThanOrEqual(2);
    expect(pool.status()).toMatchObject({ queued: 0, running: 0 });
  });

  it('refuses a page above the size cap without starting a worker', async () => {
    pool = new ExtractionPool({ size: 1, maxChars: 1000 });
    await expect(pool.run('page', ARTICLE, 'https://example.com/big')).rejects.toThrow(/larger than 1000 characters/);
    expect(pool.started).toBe(0);
  });

  it('kills a page that runs past the time limit and goes on with the next one', async () => {
    pool = new ExtractionPool({ size: 1, timeoutMs: 1500, maxChars: 20_000_000 });
    const slow = pool.run('page', ENDLESS, 'https://example.com/endless');
    const next = pool.run('page', ARTICLE, 'https://example.com/next');
    await expect(slow).rejects.toThrow(/https:\/\/example.com\/endless: took longer than 1.5 s; stopped/);
    await expect(next).resolves.toMatchObject({ readable: true });
    expect(pool.started).toBe(2);
  });

  it('replaces a worker after the set number of pages', async () => {
    pool = new ExtractionPool({ size: 1, recycleAfter: 2 });
    for (let i = 0; i < 3; i++) await pool.run('page', ARTICLE, `https://example.com/${i}`);
    expect(pool.started).toBe(2);
  });

  it('counts feed fragments by size only, so many small ones share one worker', async () => {
    pool = new ExtractionPool({ size: 1, recycleAfter: 1, recycleAfterChars: 1000 });
    for (let i = 0; i < 3; i++) await pool.run('fragment', `<p>item ${i}</p>`, null);
    expect(pool.started).toBe(1);
    await pool.run('fragment', `<p>${'long '.repeat(400)}</p>`, null);
    await pool.run('fragment', '<p>after</p>', null);
    expect(pool.started).toBe(2);
  });

  it('cleans fragments asked for together in batches, each with its own result', async () => {
    pool = new ExtractionPool({ size: 2 });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => pool!.run('fragment', `<p onclick="x()">item ${i}</p><script>bad()</script>`, `https://feed.example/${i}`)));
    results.forEach((r, i) => {
      expect(r.text.trim()).toBe(`item ${i}`);
      expect(r.html).not.toMatch(/onclick|script/);
    });
    expect(pool.started).toBeLessThanOrEqual(2);
  });

  it('retries a batch that ran out of time one fragment at a time, so only the slow one fails', async () => {
    pool = new ExtractionPool({ size: 1, timeoutMs: 1500, maxChars: 20_000_000 });
    const slow = `<div>${'<p><b>busy <i>nested</i> words</b> and more words, with <a href="/x">links</a></p>'.repeat(120_000)}</div>`;
    const outcomes = await Promise.allSettled([
      pool.run('fragment', '<p>first</p>', 'https://feed.example/1'),
      pool.run('fragment', slow, 'https://feed.example/slow'),
      pool.run('fragment', '<p>last</p>', 'https://feed.example/3'),
    ]);
    expect(outcomes[0]).toMatchObject({ status: 'fulfilled', value: { text: expect.stringContaining('first') } });
    expect(outcomes[1]).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/^extract: https:\/\/feed\.example\/slow: took longer than 1\.5 s; stopped/) } });
    expect(outcomes[2]).toMatchObject({ status: 'fulfilled', value: { text: expect.stringContaining('last') } });
  });

  it('starts its workers ahead of the work when warmed, with no job counted as running', async () => {
    pool = new ExtractionPool({ size: 2 });
    const warming = pool.warm();
    expect(pool.status()).toMatchObject({ queued: 0, running: 0, workers: 2 });
    await warming;
    await expect(pool.run('fragment', '<p>after</p>', null)).resolves.toMatchObject({ text: expect.stringContaining('after') });
    expect(pool.started).toBe(2);
  });

  it('fails what is still queued when closed, and refuses new work', async () => {
    pool = new ExtractionPool({ size: 1 });
    const first = pool.run('page', ARTICLE, 'https://example.com/1');
    const queued = pool.run('page', ARTICLE, 'https://example.com/2');
    const closing = pool.close();
    await expect(queued).rejects.toThrow(/closed/);
    await expect(first).rejects.toThrow(/closed|stopped/);
    await closing;
    await expect(pool.run('page', ARTICLE, null)).rejects.toThrow(/closed/);
  });
});
