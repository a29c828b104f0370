// Stopping an index rebuild never terminates its worker while the worker is still loading:
// terminating mid-load can abort the whole process in V8 (issue 10, item 13). The worker is a
// fake here, so the moment of loading is ours to choose.

import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

const workers: FakeWorker[] = [];

class FakeWorker extends EventEmitter {
  readonly terminate = vi.fn(async () => 0);
  constructor() {
    super();
    workers.push(this);
  }
}

vi.mock('node:worker_threads', () => ({ Worker: FakeWorker }));

const { rebuildInWorker } = await import('../../src/search/rebuild.js');
const job = { textDir: '/nonexistent', target: '/nonexistent/segment', docs: [] };

describe('search: rebuild on a worker', () => {
  it('stopped while the worker loads: rejects at once, terminates only once the worker has loaded', async () => {
    const controller = new AbortController();
    const done = rebuildInWorker(job, () => {}, controller.signal);
    const worker = workers.at(-1)!;
    controller.abort();
    await expect(done).rejects.toThrow('index rebuild stopped');
    expect(worker.terminate).not.toHaveBeenCalled();
    worker.emit('message', { type: 'loaded' });
    expect(worker.terminate).toHaveBeenCalledTimes(1);
  });

  it('stopped after loading: terminates at once', async () => {
    const controller = new AbortController();
    const done = rebuildInWorker(job, () => {}, controller.signal);
    const worker = workers.at(-1)!;
    worker.emit('message', { type: 'loaded' });
    controller.abort();
    await expect(done).rejects.toThrow('index rebuild stopped');
    expect(worker.terminate).toHaveBeenCalledTimes(1);
  });

  it('finishes: terminates the worker after its answer', async () => {
    const progress = vi.fn();
    const done = rebuildInWorker(job, progress);
    const worker = workers.at(-1)!;
    worker.emit('message', { type: 'loaded' });
    worker.emit('message', { type: 'progress', done: 1, total: 1 });
    worker.emit('message', { type: 'done' });
    await expect(done).resolves.toBeUndefined();
    expect(progress).toHaveBeenCalledWith(1, 1);
    expect(worker.terminate).toHaveBeenCalledTimes(1);
  });
});
