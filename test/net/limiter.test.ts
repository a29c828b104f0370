// HostLimiter: per-host and global limits, first come first served, cancellation while waiting.

import { describe, expect, it } from 'vitest';
import { HostLimiter } from '../../src/net/index.js';

async function settle(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
}

describe('HostLimiter', () => {
  it('runs at most maxPerHost on one host and lets another host through', async () => {
    const limiter = new HostLimiter({ maxPerHost: 2, maxGlobal: 8 });
    const started: string[] = [];
    const releases: (() => void)[] = [];
    for (const host of ['a', 'a', 'a', 'b']) {
      void limiter.acquire(host).then((release) => {
        started.push(host);
        releases.push(release);
      });
    }
    await settle();
    expect(started).toEqual(['a', 'a', 'b']);
    releases[0]!();
    await settle();
    expect(started).toEqual(['a', 'a', 'b', 'a']);
  });

  it('runs at most maxGlobal in all', async () => {
    const limiter = new HostLimiter({ maxPerHost: 2, maxGlobal: 3 });
    let running = 0;
    const releases: (() => void)[] = [];
    for (const host of ['a', 'b', 'c', 'd', 'e']) {
      void limiter.acquire(host).then((release) => {
        running++;
        releases.push(() => {
          running--;
          release();
        });
      });
    }
    await settle();
    expect(running).toBe(3);
    releases.shift()!();
    await settle();
    expect(running).toBe(3);
    expect(releases.length).toBe(3);
  });

  it('gives a slot back only once even if released twice', async () => {
    const limiter = new HostLimiter({ maxPerHost: 1, maxGlobal: 1 });
    const first = await limiter.acquire('a');
    let second = false;
    void limiter.acquire('a').then(() => (second = true));
    let third = false;
    void limiter.acquire('a').then(() => (third = true));
    first();
    first();
    await settle();
    expect([second, third]).toEqual([true, false]);
  });

  it('drops a waiter whose signal aborts', async () => {
    const limiter = new HostLimiter({ maxPerHost: 1, maxGlobal: 1 });
    const first = await limiter.acquire('a');
    const controller = new AbortController();
    const waiting = limiter.acquire('a', controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    let next = false;
    void limiter.acquire('a').then(() => (next = true));
    first();
    await settle();
    expect(next).toBe(true);
  });

  it('applies raised limits to those already waiting', async () => {
    const limiter = new HostLimiter({ maxPerHost: 1, maxGlobal: 8 });
    let started = 0;
    for (let i = 0; i < 3; i++) void limiter.acquire('a').then(() => started++);
    await settle();
    expect(started).toBe(1);
    limiter.setLimits({ maxPerHost: 3 });
    await settle();
    expect(started).toBe(3);
  });
});
