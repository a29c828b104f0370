// The scheduler: refreshes what is due (never gone feeds), one run at a time, and stop() waits
// for the run in progress. Its timer never keeps the process alive.

import { describe, expect, it } from 'vitest';
import { dueFeeds, Scheduler } from '../../src/feeds/index.js';
import type { Feed } from '../../src/model/index.js';

function feed(id: string, nextFetchAt: string | null, gone = false): Feed {
  return {
    id, url: `https://${id}.example/feed`, title: id, folder: null, siteUrl: null, fetchFullArticle: false, refreshMinutes: null,
    retentionDays: null, http: { etag: null, lastModified: null, bodyHash: null }, createdAt: '', lastFetchedAt: null,
    lastSuccessAt: null, lastError: null, errorCount: 0, nextFetchAt, gone,
  };
}

describe('dueFeeds', () => {
  it('takes never-fetched and past-due feeds, never gone ones', () => {
    const now = Date.parse('2026-11-27T10:00:00Z');
    const feeds = [feed('new', null), feed('due', '2026-11-27T09:59:00Z'), feed('later', '2026-11-27T10:01:00Z'), feed('gone', null, true)];
    expect(dueFeeds(feeds, now).map((f) => f.id)).toEqual(['new', 'due']);
  });
});

describe('Scheduler', () => {
  it('refreshes the due feeds on tick, and does not start a second run while one is going', async () => {
    const runs: string[][] = [];
    let finish: () => void = () => undefined;
    const scheduler = new Scheduler({
      dueFeeds: () => [feed('a', null)],
      refresh: (feeds) => {
        runs.push(feeds.map((f) => f.id));
        return new Promise<void>((resolve) => (finish = resolve));
      },
    });
    const first = scheduler.tick();
    await scheduler.tick();
    expect(runs).toEqual([['a']]);
    finish();
    await first;
    const third = scheduler.tick();
    expect(runs).toEqual([['a'], ['a']]);
    finish();
    await third;
  });

  it('does nothing when nothing is due', async () => {
    let called = false;
    const scheduler = new Scheduler({ dueFeeds: () => [], refresh: async () => (called = true) });
    await scheduler.tick();
    expect(called).toBe(false);
  });

  it('ticks on its timer and stop() waits for the run in progress', async () => {
    let resolveRun: () => void = () => undefined;
    let started = false;
    let ended = false;
    const scheduler = new Scheduler({
      firstDelayMs: 1,
      tickMs: 60_000,
      dueFeeds: () => [feed('a', null)],
      refresh: () => {
        started = true;
        return new Promise<void>((resolve) => (resolveRun = () => ((ended = true), resolve())));
      },
    });
    scheduler.start();
    while (!started) await new Promise((r) => setTimeout(r, 5));
    const stopping = scheduler.stop();
    let stopped = false;
    void stopping.then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(stopped).toBe(false);
    resolveRun();
    await stopping;
    expect(ended).toBe(true);
  });

  it('survives a refresh that throws', async () => {
    const scheduler = new Scheduler({ dueFeeds: () => [feed('a', null)], refresh: async () => Promise.reject(new Error('boom')) });
    await expect(scheduler.tick()).resolves.toBeUndefined();
  });
});
