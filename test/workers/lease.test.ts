// PoolLease: a borrower of a shared pool gives up on its own jobs at once when it closes.

import { describe, expect, it } from 'vitest';
import { PoolLease } from '../../src/workers/index.js';

describe('PoolLease', () => {
  it('passes results and errors through while open', async () => {
    const lease = new PoolLease('extract', 'extraction');
    await expect(lease.track(null, async () => 42)).resolves.toBe(42);
    await expect(lease.track(null, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });

  it('rejects a job that settles after close with the closed error, not its late result', async () => {
    const lease = new PoolLease('extract', 'extraction');
    let finish: (value: string) => void = () => undefined;
    const job = lease.track('https://slow.example/', () => new Promise<string>((resolve) => (finish = resolve)));
    lease.close();
    finish('too late');
    await expect(job).rejects.toThrow('extract: https://slow.example/: the extraction pool was closed');
    await expect(lease.track(null, async () => 1)).rejects.toThrow('extract: the extraction pool is closed');
  });
});
